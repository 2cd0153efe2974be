"""The competition's deadline reminder: "judging closes tomorrow", to judges with entries to judge.

Registered with quests.reminders when the module is imported (by the blueprint);
`flask --app webapp notify due` sends each once.
"""

from collections.abc import Iterator
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from quests import clock
from quests.models import User
from quests.notifications import Kind
from quests.reminders import Reminder
from webapp.competitions.models import Assignment, Competition, Judge


def judging_closes_tomorrow(session: Session, now: datetime) -> Iterator[Reminder]:
    tomorrow = clock.helsinki_day(now) + timedelta(days=1)
    rows = session.execute(
        select(Competition, User)
        .join(Judge, Judge.competition_id == Competition.id)
        .join(User, User.id == Judge.user_id)
        .where(
            Competition.published_at.is_(None),
            Competition.judging_closes_at > now,
            Competition.judging_closes_at < now + timedelta(days=3),
            Judge.id.in_(select(Assignment.judge_id)),
        )
        .distinct()
    )
    for competition, judge in rows:
        if clock.helsinki_day(competition.judging_closes_at) != tomorrow:
            continue
        yield Reminder(
            judge,
            Kind.JUDGING_CLOSES_TOMORROW,
            {"competition": competition.title},
            f"/competitions/{competition.id}/judging",
            f"judging-closes:{competition.id}:{judge.id}:{tomorrow.isoformat()}",
        )
