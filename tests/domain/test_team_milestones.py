"""Team milestones through the core loop: one shared submission, XP to every member once,
the project completed by the last approval (domain rules with a session, no HTTP)."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from quests import access, board, lifecycle, projects
from quests.community_models import Project
from quests.errors import InvalidTransition, NotAllowed
from quests.quest_models import AttemptState, QuestAttempt, XpEntry
from tests import factories

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture
def team(session):
    owner = factories.user(session, "entrepreneur")
    teacher = factories.user(session, "teacher")
    a, b, c = (factories.user(session, "student") for _ in range(3))
    outsider = factories.user(session, "student")
    project = factories.project(session, owner, milestones=2, team=[a, b], teacher=teacher)
    return {
        "owner": owner,
        "teacher": teacher,
        "a": a,
        "b": b,
        "c": c,
        "outsider": outsider,
        "project": project,
        "quests": list(project.milestones),
    }


def _states(session, quest):
    rows = session.execute(
        select(QuestAttempt.student_id, QuestAttempt.state).where(QuestAttempt.quest_id == quest.id)
    )
    return {student_id: state for student_id, state in rows}


def _xp(session, user):
    return session.scalar(
        select(func.coalesce(func.sum(XpEntry.amount), 0)).where(XpEntry.user_id == user.id)
    )


def test_milestones_are_visible_and_takeable_by_the_team_only(session, team):
    quest = team["quests"][0]
    assert access.can_take(session, team["a"], quest)
    assert not access.can_take(session, team["outsider"], quest)
    assert not access.can_view_quest(session, team["outsider"], quest)
    assert access.can_view_quest(session, team["teacher"], quest)
    assert access.can_view_quest(session, team["owner"], quest)
    cards = board.quest_board(session, team["a"], board.Tab.PROJECTS, 1).cards
    assert {card.quest.id for card in cards} == {q.id for q in team["quests"]}
    assert board.quest_board(session, team["outsider"], board.Tab.PROJECTS, 1).cards == []
    with pytest.raises(NotAllowed):
        lifecycle.accept(session, actor=team["outsider"], quest=quest, now=NOW)


def test_one_member_submits_for_the_team_and_everyone_gets_the_xp_once(session, team):
    quest = team["quests"][0]
    a, b = team["a"], team["b"]
    submission = factories.submitted(session, quest, a, now=NOW)
    assert _states(session, quest) == {a.id: "submitted", b.id: "submitted"}
    # The others cannot send a second submission while the team's waits.
    with pytest.raises(InvalidTransition):
        lifecycle.accept(session, actor=b, quest=quest, now=NOW)

    # The linked teacher reviews it (the entrepreneur could too); it is in their queue.
    assert [s.id for s in board.review_queue(session, team["teacher"])] == [submission.id]
    assert [s.id for s in board.review_queue(session, team["owner"])] == [submission.id]
    assert board.review_queue(session, factories.user(session, "teacher")) == []
    result = lifecycle.approve(
        session, actor=team["teacher"], submission=submission, feedback="Hyvä!", now=NOW
    )
    assert result.xp_granted == 40
    assert _states(session, quest) == {a.id: "approved", b.id: "approved"}
    assert (_xp(session, a), _xp(session, b), _xp(session, team["outsider"])) == (40, 40, 0)
    sources = set(session.scalars(select(XpEntry.source)))
    assert sources == {f"quest:{quest.id}:student:{a.id}", f"quest:{quest.id}:student:{b.id}"}
    assert session.get(Project, team["project"].id).completed_at is None


def test_returned_work_goes_back_to_the_whole_team_and_another_member_resubmits(session, team):
    quest = team["quests"][0]
    a, b = team["a"], team["b"]
    first = factories.submitted(session, quest, a, now=NOW)
    lifecycle.return_for_changes(
        session, actor=team["owner"], submission=first, feedback="Lisää kuvat.", now=NOW
    )
    assert set(_states(session, quest).values()) == {AttemptState.RETURNED}
    attempt_b = lifecycle.attempt_for(session, quest, b)
    items = [lifecycle.EvidenceItem(step_id=quest.steps[0].id, kind="text", text="Korjattu")]
    second = lifecycle.submit(session, actor=b, attempt=attempt_b, items=items, now=NOW)
    lifecycle.approve(session, actor=team["owner"], submission=second, feedback="", now=NOW)
    assert (_xp(session, a), _xp(session, b)) == (40, 40)


def test_approving_the_last_milestone_completes_the_project(session, team):
    for quest in team["quests"]:
        submission = factories.submitted(session, quest, team["b"], now=NOW)
        lifecycle.approve(session, actor=team["owner"], submission=submission, feedback="", now=NOW)
    assert session.get(Project, team["project"].id).completed_at is not None
    assert _xp(session, team["a"]) == 80


def test_a_member_who_joins_later_takes_up_the_teams_state(session, team):
    quest = team["quests"][0]
    factories.submitted(session, quest, team["a"], now=NOW)
    projects.apply_to_project(
        session, actor=team["c"], project=team["project"], message="", now=NOW
    )
    projects.accept_member(
        session, actor=team["owner"], project=team["project"], user_id=team["c"].id, now=NOW
    )
    attempt = lifecycle.accept(session, actor=team["c"], quest=quest, now=NOW)
    assert attempt.state == AttemptState.SUBMITTED


def test_the_student_cannot_review_their_own_team(session, team):
    submission = factories.submitted(session, team["quests"][0], team["a"], now=NOW)
    with pytest.raises(NotAllowed):
        lifecycle.approve(session, actor=team["b"], submission=submission, feedback="", now=NOW)
