"""The weekly leaderboard: opt-in, display names, the Helsinki week, places around a student."""

from datetime import UTC, datetime

import pytest

from quests import leaderboard
from quests.errors import InvalidInput, NotAllowed
from quests.quest_models import XpEntry
from tests import factories

# Monday 23 November 2026, noon in Helsinki (UTC+2).
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def _xp(session, user, amount, when):
    session.add(
        XpEntry(
            user_id=user.id,
            amount=amount,
            source=f"test:{user.id}:{when}",
            reason="x",
            created_at=when,
        )
    )


@pytest.fixture
def cohort(session):
    teacher = factories.user(session, "teacher")
    students = [factories.user(session, "student", name=f"Oikea Nimi {i}") for i in range(6)]
    group = factories.cohort(session, teacher=teacher, students=students)
    for i, student in enumerate(students):
        if i < 5:
            leaderboard.set_preference(
                session, user=student, opted_in=True, display_name=f"Kettu {i}", now=NOW
            )
        _xp(session, student, 10 * (i + 1), NOW)
    session.flush()
    return teacher, students, group


def test_only_opted_in_students_by_their_display_names(session, cohort):
    teacher, students, group = cohort
    board = leaderboard.weekly_board(session, viewer=students[0], cohort=group, now=NOW)
    assert [(r.rank, r.name, r.xp) for r in board.rows] == [
        (1, "Kettu 4", 50),
        (2, "Kettu 3", 40),
        (3, "Kettu 2", 30),
        (4, "Kettu 1", 20),
        (5, "Kettu 0", 10),
    ]
    assert board.me.rank == 5 and board.me.is_me
    # The sixth did not opt in: not listed, but sees the rank they would have.
    hidden = leaderboard.weekly_board(session, viewer=students[5], cohort=group, now=NOW)
    assert "Oikea Nimi 5" not in [r.name for r in hidden.rows]
    assert (hidden.me.rank, hidden.me.xp, hidden.opted_in) == (1, 60, False)


def test_the_week_is_the_iso_week_in_helsinki(session, cohort):
    teacher, students, group = cohort
    # Sunday 23:30 in Helsinki is last week; Monday 00:30 is this week.
    _xp(session, students[0], 500, datetime(2026, 11, 22, 21, 30, tzinfo=UTC))
    _xp(session, students[0], 7, datetime(2026, 11, 22, 22, 30, tzinfo=UTC))
    session.flush()
    board = leaderboard.weekly_board(session, viewer=students[0], cohort=group, now=NOW)
    assert board.me.xp == 17
    assert leaderboard.week_bounds(NOW)[0] == datetime(2026, 11, 22, 22, 0, tzinfo=UTC)


def test_around_mode_shows_only_the_places_near_each_student(session, cohort):
    teacher, students, group = cohort
    with pytest.raises(NotAllowed):
        leaderboard.set_mode(session, actor=students[0], cohort=group, mode="around", now=NOW)
    leaderboard.set_mode(session, actor=teacher, cohort=group, mode="around", now=NOW)
    board = leaderboard.weekly_board(session, viewer=students[0], cohort=group, now=NOW)
    assert [r.rank for r in board.rows] == [3, 4, 5] and board.trimmed
    # The teacher still sees the whole list.
    assert len(leaderboard.weekly_board(session, viewer=teacher, cohort=group, now=NOW).rows) == 5
    # Someone outside the class sees nothing of it.
    with pytest.raises(NotAllowed):
        leaderboard.weekly_board(
            session, viewer=factories.user(session, "student"), cohort=group, now=NOW
        )


def test_opting_in_needs_a_display_name(session):
    student = factories.user(session, "student")
    with pytest.raises(InvalidInput):
        leaderboard.set_preference(session, user=student, opted_in=True, display_name="  ", now=NOW)
