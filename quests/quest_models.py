"""Quests, their steps, students' attempts and submissions, evidence, and the XP ledger."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quests.clock import utcnow
from quests.models import Base, Cohort, User, UTCDateTime


class QuestKind(StrEnum):
    PLAN_GOAL = "plan_goal"
    PROJECT = "project"
    CHALLENGE = "challenge"


class EvidenceKind(StrEnum):
    TEXT = "text"
    LINK = "link"
    PHOTO = "photo"
    VIDEO = "video"
    FILE = "file"


class AttemptState(StrEnum):
    """A quest's state for one student. "available" is having no attempt yet."""

    ACCEPTED = "accepted"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"


class Decision(StrEnum):
    """A submission's review: waiting, or decided one way."""

    PENDING = "pending"
    APPROVED = "approved"
    RETURNED = "returned"


class Acquisition(StrEnum):
    """How competence is acquired, as in a HOKS plan."""

    SCHOOL = "school"
    WORK_BASED = "work_based"
    PROJECT = "project"


class Quest(Base):
    __tablename__ = "quests"
    __table_args__ = (
        CheckConstraint("xp >= 0 AND xp <= 1000", name="xp_range"),
        # Challenges for a class, or for everyone (cohort_id IS NULL), without reading plan goals.
        Index("ix_quests_kind_cohort_id", "kind", "cohort_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    xp: Mapped[int] = mapped_column(default=50)
    due_date: Mapped[date | None] = mapped_column(Date)
    # Who wrote it and reviews it by default: a teacher, or the project's entrepreneur.
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # A plan goal belongs to one student; a challenge to a cohort, or to everyone when empty.
    student_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    cohort_id: Mapped[int | None] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), index=True
    )
    plan_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_units.id", ondelete="CASCADE"), index=True
    )
    acquisition: Mapped[str | None] = mapped_column(String(20))
    # A project quest is a milestone of a community project (quests.community_models).
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    steps: Mapped[list["QuestStep"]] = relationship(
        back_populates="quest",
        cascade="all, delete-orphan",
        order_by="QuestStep.position",
        lazy="selectin",
    )
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    student: Mapped[User | None] = relationship(foreign_keys=[student_id])
    cohort: Mapped[Cohort | None] = relationship()


class QuestStep(Base):
    __tablename__ = "quest_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    quest_id: Mapped[int] = mapped_column(ForeignKey("quests.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    evidence: Mapped[str] = mapped_column(String(10))

    quest: Mapped[Quest] = relationship(back_populates="steps")


class QuestAttempt(Base):
    """One student's way through one quest. Its state changes only in quests.lifecycle."""

    __tablename__ = "quest_attempts"
    __table_args__ = (
        UniqueConstraint("quest_id", "student_id"),
        # Work waiting for review, by quest: a reviewer's count reads only these.
        Index(
            "ix_quest_attempts_submitted",
            "quest_id",
            postgresql_where=text("state = 'submitted'"),
            sqlite_where=text("state = 'submitted'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    quest_id: Mapped[int] = mapped_column(ForeignKey("quests.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(20), index=True)
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    quest: Mapped[Quest] = relationship()
    student: Mapped[User] = relationship()
    submissions: Mapped[list["Submission"]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan", order_by="Submission.number"
    )


class Submission(Base):
    """Evidence sent for review; a returned quest is resubmitted as the next number."""

    __tablename__ = "submissions"
    __table_args__ = (
        UniqueConstraint("attempt_id", "number"),
        # The review queue: waiting work oldest first, without walking decided submissions.
        Index(
            "ix_submissions_pending",
            "submitted_at",
            "id",
            postgresql_where=text("decision = 'pending'"),
            sqlite_where=text("decision = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("quest_attempts.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(default=1)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    decision: Mapped[str] = mapped_column(String(10), default=Decision.PENDING, index=True)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    feedback: Mapped[str | None] = mapped_column(Text)

    attempt: Mapped[QuestAttempt] = relationship(back_populates="submissions")
    reviewer: Mapped[User | None] = relationship()
    evidence: Mapped[list["Evidence"]] = relationship(
        back_populates="submission", cascade="all, delete-orphan", order_by="Evidence.id"
    )


class Evidence(Base):
    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), index=True
    )
    step_id: Mapped[int | None] = mapped_column(ForeignKey("quest_steps.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(10))
    text: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(2000))
    # Files live under MEDIA_ROOT with a random name; the original name is only shown.
    stored_name: Mapped[str | None] = mapped_column(String(100), unique=True)
    original_name: Mapped[str | None] = mapped_column(String(255))
    content_type: Mapped[str | None] = mapped_column(String(100))
    size_bytes: Mapped[int | None] = mapped_column()

    submission: Mapped[Submission] = relationship(back_populates="evidence")
    step: Mapped[QuestStep | None] = relationship()


class XpEntry(Base):
    """The append-only XP ledger. `source` names what earned it, once ever."""

    __tablename__ = "xp_entries"
    __table_args__ = (
        UniqueConstraint("source"),
        # A class's weekly sums read only its members' entries of the week.
        Index("ix_xp_entries_user_id_created_at", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    amount: Mapped[int] = mapped_column()
    source: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ActivityDay(Base):
    """A day (in Helsinki) on which a person did something; streaks are counted from these."""

    __tablename__ = "activity_days"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
