"""Badge classes, their award rules, awarded badges (assertions) and students' applications."""

import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, types
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quests.clock import utcnow
from quests.models import Base, User, UTCDateTime


def public_id() -> str:
    """An unguessable identifier for public URLs: 128 random bits, never a sequence."""
    return secrets.token_urlsafe(16)


class BadgeClass(Base):
    __tablename__ = "badge_classes"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=public_id)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(String(500))
    criteria: Mapped[str] = mapped_column(Text)
    image_name: Mapped[str] = mapped_column(String(100))
    image_type: Mapped[str] = mapped_column(String(20))  # "image/png" or "image/svg+xml"
    tags: Mapped[str] = mapped_column(String(300), default="")
    valid_days: Mapped[int | None] = mapped_column()
    allow_repeats: Mapped[bool] = mapped_column(default=False)
    open_for_applications: Mapped[bool] = mapped_column(default=True)
    alignment_code: Mapped[str | None] = mapped_column(String(40))
    alignment_name: Mapped[str | None] = mapped_column(String(200))
    alignment_url: Mapped[str | None] = mapped_column(String(500))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    rules: Mapped[list["BadgeRule"]] = relationship(
        back_populates="badge", cascade="all, delete-orphan", lazy="selectin"
    )
    created_by: Mapped[User | None] = relationship()

    @property
    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]


class BadgeRule(Base):
    """An automatic award: its kind names a rule in quests.badge_rules; params configure it."""

    __tablename__ = "badge_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    badge_id: Mapped[int] = mapped_column(
        ForeignKey("badge_classes.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict] = mapped_column(types.JSON, default=dict)

    badge: Mapped[BadgeClass] = relationship(back_populates="rules")


class BadgeAward(Base):
    """An awarded badge: an Open Badges 2.0 hosted assertion.

    `source` is unique: it names what the award is for (one per student and
    class unless the class allows repeats), so a rule racing a teacher still
    awards once. Revoking frees it, so the badge can be earned again.
    """

    __tablename__ = "badge_awards"
    __table_args__ = (UniqueConstraint("source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=public_id)
    badge_id: Mapped[int] = mapped_column(
        ForeignKey("badge_classes.id", ondelete="CASCADE"), index=True
    )
    recipient_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    awarded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(String(120))
    # The recipient's email is published only hashed with this salt.
    salt: Mapped[str] = mapped_column(String(40))
    recipient_hash: Mapped[str] = mapped_column(String(80))
    narrative: Mapped[str] = mapped_column(Text, default="")
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revocation_reason: Mapped[str | None] = mapped_column(String(500))
    # The student's choices: hide the badge entirely, or show their name on public pages.
    hidden: Mapped[bool] = mapped_column(default=False)
    show_name: Mapped[bool] = mapped_column(default=False)

    badge: Mapped[BadgeClass] = relationship()
    recipient: Mapped[User] = relationship(foreign_keys=[recipient_id])
    awarded_by: Mapped[User | None] = relationship(foreign_keys=[awarded_by_id])
    evidence: Mapped[list["BadgeEvidence"]] = relationship(
        back_populates="award", cascade="all, delete-orphan", lazy="selectin"
    )

    def status(self, now: datetime) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and now >= self.expires_at:
            return "expired"
        return "valid"


class BadgeEvidence(Base):
    """An approved quest named as evidence for an award (published as name and narrative)."""

    __tablename__ = "badge_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    award_id: Mapped[int] = mapped_column(
        ForeignKey("badge_awards.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    narrative: Mapped[str] = mapped_column(Text, default="")

    award: Mapped[BadgeAward] = relationship(back_populates="evidence")


class BadgeApplication(Base):
    """A student asks for a badge with evidence; a teacher accepts or declines with a reason."""

    __tablename__ = "badge_applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    badge_id: Mapped[int] = mapped_column(
        ForeignKey("badge_classes.id", ondelete="CASCADE"), index=True
    )
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    quest_ids: Mapped[list] = mapped_column(types.JSON, default=list)
    file_name: Mapped[str | None] = mapped_column(String(100))
    file_original: Mapped[str | None] = mapped_column(String(255))
    file_type: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    reason: Mapped[str | None] = mapped_column(String(500))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    badge: Mapped[BadgeClass] = relationship()
    student: Mapped[User] = relationship(foreign_keys=[student_id])
