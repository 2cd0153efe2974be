"""The quest module's deadline reminders: "due tomorrow", for work not yet sent.

Registered with quests.reminders when imported; `flask --app webapp notify due`
sends each once.
"""

from collections.abc import Iterator
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from quests import clock
from quests.models import User
from quests.notifications import Kind
from quests.quest_models import AttemptState, Quest, QuestAttempt, QuestKind
from quests.reminders import Reminder


def quests_due_tomorrow(session: Session, now: datetime) -> Iterator[Reminder]:
    """Accepted or returned quests due tomorrow, and plan goals not yet started."""
    tomorrow = clock.helsinki_day(now) + timedelta(days=1)
    started = select(QuestAttempt.student_id, QuestAttempt.quest_id, QuestAttempt.state).subquery()
    rows = session.execute(
        select(Quest, User)
        .join(started, started.c.quest_id == Quest.id, isouter=True)
        .join(
            User,
            or_(
                User.id == started.c.student_id,
                and_(started.c.student_id.is_(None), User.id == Quest.student_id),
            ),
        )
        .where(
            Quest.due_date == tomorrow,
            or_(
                started.c.state.in_([AttemptState.ACCEPTED, AttemptState.RETURNED]),
                and_(started.c.state.is_(None), Quest.kind == QuestKind.PLAN_GOAL),
            ),
        )
    )
    for quest, student in rows:
        yield Reminder(
            student,
            Kind.DEADLINE_TOMORROW,
            {"quest": quest.title},
            f"/quests/{quest.id}",
            f"quest-due:{quest.id}:{student.id}:{tomorrow.isoformat()}",
        )
