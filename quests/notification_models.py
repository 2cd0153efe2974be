"""Notifications: the in-app inbox, and where they go beyond it (push subscriptions,
preferences, sent reminders)."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint, types
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quests.clock import utcnow
from quests.models import Base, User, UTCDateTime


class Notification(Base):
    """One message in a person's in-app inbox.

    The text is not stored: `kind` and `params` are rendered in the reader's
    language when shown or pushed.
    """

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict] = mapped_column(types.JSON, default=dict)
    url: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The Web Push still to send: "pending" until a delivery job settles it ("sent",
    # "failed", "skipped"). The row, not the queue, says what is owed (flask jobs sweep).
    push_state: Mapped[str | None] = mapped_column(String(12), default="pending", index=True)
    push_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    push_error: Mapped[str | None] = mapped_column(String(300))

    user: Mapped[User] = relationship()


class PushSubscription(Base):
    """One browser on one device that accepted Web Push for a person.

    The endpoint is unique: a browser that subscribes again, perhaps signed in
    as someone else, takes its subscription over.
    """

    __tablename__ = "push_subscriptions"
    __table_args__ = (UniqueConstraint("endpoint"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(String(1000))
    p256dh: Mapped[str] = mapped_column(String(200))
    auth: Mapped[str] = mapped_column(String(100))
    # What the person sees in the list of devices, e.g. "Chrome · Android".
    device: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class NotificationPreference(Base):
    """A kind a person has switched off or on.

    Every kind is on by default, so a row exists only where the person's
    choice differs from the default.
    """

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    enabled: Mapped[bool] = mapped_column(default=False)


class SentReminder(Base):
    """A deadline reminder already sent: the unique key makes each one go out once."""

    __tablename__ = "sent_reminders"
    __table_args__ = (UniqueConstraint("dedupe_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
