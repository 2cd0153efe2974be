"""Feedback on accessibility, which the hub must answer within 14 days (Act 306/2019)."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quests.clock import utcnow
from quests.models import Base, User, UTCDateTime


class AccessibilityFeedback(Base):
    """A message sent with the accessibility statement's form, by anyone, signed in or not."""

    __tablename__ = "accessibility_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    # What the sender quotes when they write again; random, so it reveals no count.
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str] = mapped_column(String(254))
    page: Mapped[str] = mapped_column(String(500), default="")
    message: Mapped[str] = mapped_column(Text)
    locale: Mapped[str] = mapped_column(String(8), default="fi")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reply_due_on: Mapped[date] = mapped_column(Date, index=True)
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reply: Mapped[str | None] = mapped_column(Text)
    replied_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    replied_by: Mapped[User | None] = relationship()
