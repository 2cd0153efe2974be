"""Deadline reminders: sources register here; `flask --app webapp notify due` sends them once.

A source is a function source(session, now) that yields Reminder tuples
(user, kind, params, url, dedupe_key) for what is due soon, e.g. every quest
due tomorrow. create_app() registers the quest and competition sources:

    def quests_due_tomorrow(session, now):
        for quest, student in ...:
            yield Reminder(student, Kind.DEADLINE_TOMORROW, {"quest": quest.title},
                           f"/quests/{quest.id}", f"quest-due:{quest.id}:{student.id}:{quest.due}")

Each dedupe_key is sent at most once, ever: the sent_reminders table's unique
key decides, so two overlapping runs of the command cannot both send it.
"""

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quests.models import User
from quests.notification_models import SentReminder
from quests.notifications import Kind, notify


class Reminder(NamedTuple):
    user: User
    kind: Kind
    params: dict
    url: str | None
    dedupe_key: str


ReminderSource = Callable[[Session, datetime], Iterable[Reminder]]
_sources: dict[str, ReminderSource] = {}


def _name(source: ReminderSource) -> str:
    return f"{source.__module__}.{source.__qualname__}"


def register_source(source: ReminderSource) -> ReminderSource:
    """Add a source (usable as a decorator); registering the same one again changes nothing."""
    _sources[_name(source)] = source
    return source


def unregister_source(source: ReminderSource) -> None:
    _sources.pop(_name(source), None)


def sources() -> list[ReminderSource]:
    return list(_sources.values())


def send_due(session: Session, now: datetime) -> int:
    """Notify every reminder not sent before; commits each on its own. Returns how many."""
    due = [
        (reminder.user.id, Kind(reminder.kind), reminder.params, reminder.url, reminder.dedupe_key)
        for source in sources()
        for reminder in map(Reminder._make, source(session, now))
    ]
    keys = [key for *_, key in due]
    already = (
        set(
            session.scalars(
                select(SentReminder.dedupe_key).where(SentReminder.dedupe_key.in_(keys))
            )
        )
        if keys
        else set()
    )
    session.rollback()
    sent = 0
    for user_id, kind, params, url, key in due:
        if key in already:
            continue
        already.add(key)
        session.add(SentReminder(dedupe_key=key, user_id=user_id, sent_at=now))
        try:
            # The reminder's row goes first: if another run has sent it, nothing is notified.
            session.flush()
            notify(session, user=session.get(User, user_id), kind=kind, params=params, url=url)
            session.commit()
        except IntegrityError:
            session.rollback()
            continue
        sent += 1
    return sent
