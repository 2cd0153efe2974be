"""XP, levels and streaks: an append-only ledger and what follows from it.

Level curve: reaching level L takes 50·L·(L−1) XP in total, so each level asks
100 XP more than the one before: level 2 at 100 XP, 3 at 300, 4 at 600, 5 at
1000, 6 at 1500. Quests are worth 20–200 XP, so a level takes a handful of
quests early on and a few more each time.

A streak counts consecutive days with activity in Helsinki time, ending today,
or yesterday when today has no activity yet (the day is not over).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quests.clock import helsinki_day
from quests.models import User
from quests.quest_models import ActivityDay, XpEntry

STREAK_LOOKBACK_DAYS = 400


def xp_for_level(level: int) -> int:
    """Total XP needed to reach a level (level 1 needs none)."""
    return 50 * level * (level - 1)


def level_for(total_xp: int) -> int:
    level = 1
    while xp_for_level(level + 1) <= total_xp:
        level += 1
    return level


@dataclass(frozen=True)
class Progress:
    total: int
    level: int
    into_level: int
    level_size: int

    @property
    def percent(self) -> int:
        return round(100 * self.into_level / self.level_size)

    @property
    def to_next(self) -> int:
        return self.level_size - self.into_level


def progress(total_xp: int) -> Progress:
    level = level_for(total_xp)
    start, end = xp_for_level(level), xp_for_level(level + 1)
    return Progress(total_xp, level, total_xp - start, end - start)


def streak(days: set[date], today: date) -> int:
    current = today if today in days else today - timedelta(days=1)
    count = 0
    while current in days:
        count += 1
        current -= timedelta(days=1)
    return count


def grant(session: Session, *, user: User, amount: int, source: str, reason: str) -> bool:
    """Add XP once per source. False when that source was already granted.

    The unique constraint decides, so two approvals racing each other still
    grant exactly once.
    """
    try:
        with session.begin_nested():
            session.add(XpEntry(user_id=user.id, amount=amount, source=source, reason=reason))
    except IntegrityError:
        return False
    return True


def total_xp(session: Session, user: User) -> int:
    return session.scalar(
        select(func.coalesce(func.sum(XpEntry.amount), 0)).where(XpEntry.user_id == user.id)
    )


def record_activity(session: Session, user: User, moment: datetime) -> None:
    day = helsinki_day(moment)
    if session.get(ActivityDay, (user.id, day)) is None:
        try:
            with session.begin_nested():
                session.add(ActivityDay(user_id=user.id, day=day))
        except IntegrityError:
            pass  # recorded by a concurrent request: the day counts once either way


def current_streak(session: Session, user: User, now: datetime) -> int:
    today = helsinki_day(now)
    days = set(
        session.scalars(
            select(ActivityDay.day).where(
                ActivityDay.user_id == user.id,
                ActivityDay.day >= today - timedelta(days=STREAK_LOOKBACK_DAYS),
            )
        )
    )
    return streak(days, today)
