"""Notifications: what happened to a person, kept in their inbox.

Other modules call notify(); the web layer renders each kind in the reader's
language and delivers it further (Web Push) after the transaction commits.
"""

from enum import StrEnum

from sqlalchemy.orm import Session

from quests.models import User
from quests.notification_models import Notification


class Kind(StrEnum):
    QUEST_REVIEWED = "quest_reviewed"
    BADGE_AWARDED = "badge_awarded"
    DEADLINE_TOMORROW = "deadline_tomorrow"
    JUDGING_ASSIGNED = "judging_assigned"
    JUDGING_CLOSES_TOMORROW = "judging_closes_tomorrow"
    RESULTS_PUBLISHED = "results_published"
    DATA_EXPORT_READY = "data_export_ready"


def notify(
    session: Session, *, user: User, kind: Kind, params: dict | None = None, url: str | None = None
) -> Notification:
    """Put a notification in the person's inbox; `params` must be JSON-serialisable."""
    notification = Notification(user=user, kind=Kind(kind).value, params=params or {}, url=url)
    session.add(notification)
    session.flush()
    return notification
