"""seed-demo's history for /impact: the demo students' active days over the past eight
months, so the charts have a shape (the other figures come from the rest of the demo)."""

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from quests.clock import helsinki_day, utcnow
from quests.quest_models import ActivityDay

# Days active per month, oldest first, for each student in turn: some keep going, one drifts.
PATTERNS = [
    (6, 9, 12, 10, 14, 11, 15, 8),
    (4, 6, 5, 8, 9, 12, 10, 6),
    (10, 8, 6, 4, 2, 1, 0, 0),
    (0, 0, 3, 6, 9, 10, 12, 7),
    (2, 3, 5, 4, 6, 8, 7, 5),
]


def seed_activity(session: Session, students) -> None:
    today = helsinki_day(utcnow())
    for student, pattern in zip(students, PATTERNS, strict=False):
        days_of = select(ActivityDay.day).where(ActivityDay.user_id == student.id)
        known = set(session.scalars(days_of))
        for months_ago, days in enumerate(reversed(pattern)):
            first = (today.replace(day=1) - timedelta(days=31 * months_ago)).replace(day=1)
            for n in range(days):
                day = first + timedelta(days=2 * n)
                if day <= today and day not in known:
                    session.add(ActivityDay(user_id=student.id, day=day))
                    known.add(day)
    session.flush()
