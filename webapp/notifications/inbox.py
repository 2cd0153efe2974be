"""The in-app inbox: what a person has been notified of, newest first."""

from flask import g
from flask_login import current_user
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from quests.clock import utcnow
from quests.models import User
from quests.notification_models import Notification
from webapp.extensions import db

PAGE_SIZE = 50


def unread_count(session: Session, user_id: int) -> int:
    return session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
    )


def latest(session: Session, user: User, limit: int = PAGE_SIZE) -> list[Notification]:
    return list(
        session.scalars(
            select(Notification)
            .where(Notification.user_id == user.id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        )
    )


def mark_read(session: Session, user: User, notification_id: int) -> bool:
    """Mark one of the person's own notifications read; False if it is not theirs."""
    result = session.execute(
        update(Notification)
        .where(
            Notification.id == notification_id,
            Notification.user_id == user.id,
            Notification.read_at.is_(None),
        )
        .values(read_at=utcnow())
    )
    if result.rowcount:
        return True
    owner = session.scalar(select(Notification.user_id).where(Notification.id == notification_id))
    return owner == user.id


def mark_all_read(session: Session, user: User) -> int:
    result = session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return result.rowcount


def unread_notifications() -> int:
    """The navigation's unread count: one COUNT per page, only when it is shown."""
    if not current_user.is_authenticated:
        return 0
    if "unread_notifications" not in g:
        g.unread_notifications = unread_count(db.session, current_user.id)
    return g.unread_notifications
