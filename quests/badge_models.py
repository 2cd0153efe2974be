"""Badge classes, their award rules, awarded badges (assertions) and students' applications."""

import secrets
import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, types
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quests.clock import utcnow
from quests.models import Base, User, UTCDateTime


def public_id() -> str:
    """An unguessable identifier for public URLs: 128 random bits, never a sequence."""
    return secrets.token_urlsafe(16)


def new_credential_id() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


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
    """An awarded badge: an Open Badges 2.0 hosted assertion and an Open Badges 3.0
    credential (`credential_jwt`, signed when the award is committed).

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
    # Suspended is revoked for now: a teacher may resume it. Only the 3.0 status list says so.
    suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    credential_id: Mapped[str | None] = mapped_column(
        String(45), unique=True, default=new_credential_id
    )
    credential_jwt: Mapped[str | None] = mapped_column(Text)
    # The student's choices: hide the badge entirely, or show their name on public pages.
    hidden: Mapped[bool] = mapped_column(default=False)
    show_name: Mapped[bool] = mapped_column(default=False)

    badge: Mapped[BadgeClass] = relationship()
    recipient: Mapped[User] = relationship(foreign_keys=[recipient_id])
    awarded_by: Mapped[User | None] = relationship(foreign_keys=[awarded_by_id])
    evidence: Mapped[list["BadgeEvidence"]] = relationship(
        back_populates="award", cascade="all, delete-orphan", lazy="selectin"
    )
    status_entry: Mapped["StatusEntry | None"] = relationship(back_populates="award")

    def status(self, now: datetime) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.suspended_at is not None:
            return "suspended"
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


class BadgeApplicationStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


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
    status: Mapped[str] = mapped_column(
        String(10), default=BadgeApplicationStatus.PENDING, index=True
    )
    reason: Mapped[str | None] = mapped_column(String(500))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    badge: Mapped[BadgeClass] = relationship()
    student: Mapped[User] = relationship(foreign_keys=[student_id])


class StatusEntry(Base):
    """An award's bit in the Bitstring Status Lists (one list per purpose, same index).

    The row outlives its award (the award's deletion leaves award_id empty), so a
    credential of a deleted account or badge class reads as revoked, never as valid.
    """

    __tablename__ = "badge_status_entries"

    status_index: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    award_id: Mapped[int | None] = mapped_column(
        ForeignKey("badge_awards.id", ondelete="SET NULL"), unique=True
    )

    award: Mapped[BadgeAward | None] = relationship(back_populates="status_entry")


class SigningKey(Base):
    """A public key that has signed credentials: published in the DID document for ever,
    so that a credential signed before a key rotation still verifies."""

    __tablename__ = "badge_signing_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The JWK thumbprint (RFC 7638): the fragment of the key's id in the DID document.
    fragment: Mapped[str] = mapped_column(String(64), unique=True)
    public_jwk: Mapped[dict] = mapped_column(types.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
