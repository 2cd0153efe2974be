from datetime import UTC, date, datetime, timedelta

import pytest

from quests import xp
from quests.quest_models import XpEntry
from tests import factories


@pytest.mark.parametrize(
    ("total", "level"), [(0, 1), (99, 1), (100, 2), (299, 2), (300, 3), (600, 4), (1000, 5)]
)
def test_level_curve(total, level):
    assert xp.level_for(total) == level


def test_progress_to_the_next_level():
    progress = xp.progress(150)
    assert (progress.level, progress.into_level, progress.level_size) == (2, 50, 200)
    assert progress.percent == 25 and progress.to_next == 150


def test_streak_counts_consecutive_days_ending_today_or_yesterday():
    today = date(2026, 11, 23)
    days = {today - timedelta(days=n) for n in (0, 1, 2, 4)}
    assert xp.streak(days, today) == 3
    assert xp.streak(days - {today}, today) == 2  # today is not over yet
    assert xp.streak({today - timedelta(days=2)}, today) == 0
    assert xp.streak(set(), today) == 0


def test_activity_days_are_helsinki_days(session):
    student = factories.user(session, "student")
    # 23:30 UTC on the 22nd is already the 23rd in Helsinki (UTC+2 in winter).
    xp.record_activity(session, student, datetime(2026, 11, 22, 23, 30, tzinfo=UTC))
    xp.record_activity(session, student, datetime(2026, 11, 23, 8, 0, tzinfo=UTC))
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert xp.current_streak(session, student, now) == 1


def test_a_source_grants_xp_once(session):
    student = factories.user(session, "student")
    assert xp.grant(session, user=student, amount=50, source="quest:1:student:1", reason="Q")
    assert not xp.grant(session, user=student, amount=50, source="quest:1:student:1", reason="Q")
    assert xp.total_xp(session, student) == 50
    assert session.query(XpEntry).count() == 1
