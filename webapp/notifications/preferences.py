"""Which kinds of notification a person wants pushed. Every kind is on by default."""

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from quests.notification_models import NotificationPreference
from webapp.notifications.kinds import PREFERENCES, spec_for


def switched_off(session: Session, user_id: int) -> set[str]:
    """The preference keys a person has switched off, in one query."""
    return set(
        session.scalars(
            select(NotificationPreference.kind).where(
                NotificationPreference.user_id == user_id,
                NotificationPreference.enabled.is_(False),
            )
        )
    )


def wants(session: Session, user_id: int, kind: str) -> bool:
    spec = spec_for(kind)
    if spec is None:
        return False
    return spec.preference not in switched_off(session, user_id)


def save(session: Session, user_id: int, enabled: set[str]) -> None:
    """Keep rows only for what differs from the default (on)."""
    off = [key for key in PREFERENCES if key not in enabled]
    session.execute(delete(NotificationPreference).where(NotificationPreference.user_id == user_id))
    session.add_all(NotificationPreference(user_id=user_id, kind=key, enabled=False) for key in off)
    session.flush()
