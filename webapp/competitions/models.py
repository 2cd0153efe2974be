"""The video-CV competition's tables, on the domain's Base so one migration chain holds them."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quests.clock import utcnow
from quests.models import Base, Cohort, User, UTCDateTime


# An entry's video moves through these states; "none" until a file is accepted.
class VideoState(StrEnum):
    NONE = "none"
    PROCESSING = "processing"
    READY = "ready"
    FAILED = "failed"


class Competition(Base):
    __tablename__ = "competition_competitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    rules: Mapped[str] = mapped_column(Text, default="")
    submission_opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submission_closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    judging_opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    judging_closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    blind: Mapped[bool] = mapped_column(Boolean, default=True)
    max_duration_seconds: Mapped[int] = mapped_column(Integer, default=180)
    max_size_mb: Mapped[int] = mapped_column(Integer, default=500)
    # None: every judge judges every entry; a number: that many judges per entry.
    judges_per_entry: Mapped[int | None] = mapped_column(Integer)
    open_to_all: Mapped[bool] = mapped_column(Boolean, default=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    criteria: Mapped[list["Criterion"]] = relationship(
        back_populates="competition",
        cascade="all, delete-orphan",
        order_by="Criterion.position",
        lazy="selectin",
    )
    prizes: Mapped[list["Prize"]] = relationship(
        back_populates="competition",
        cascade="all, delete-orphan",
        order_by="Prize.position",
        lazy="selectin",
    )
    cohorts: Mapped[list[Cohort]] = relationship(
        secondary="competition_cohorts", lazy="selectin", order_by=Cohort.name
    )

    @property
    def max_score_total(self) -> int:
        return sum(c.weight * c.max_score for c in self.criteria)


class CompetitionCohort(Base):
    """Who may enter when the competition is not open to everyone."""

    __tablename__ = "competition_cohorts"

    competition_id: Mapped[int] = mapped_column(
        ForeignKey("competition_competitions.id", ondelete="CASCADE"), primary_key=True
    )
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True
    )


class Criterion(Base):
    __tablename__ = "competition_criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(
        ForeignKey("competition_competitions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[int] = mapped_column(Integer, default=1)
    max_score: Mapped[int] = mapped_column(Integer, default=5)

    competition: Mapped[Competition] = relationship(back_populates="criteria")


class Prize(Base):
    __tablename__ = "competition_prizes"

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(
        ForeignKey("competition_competitions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(160))
    sponsor: Mapped[str] = mapped_column(String(160))
    winner_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("competition_entries.id", ondelete="SET NULL")
    )

    competition: Mapped[Competition] = relationship(back_populates="prizes")
    winner: Mapped["Entry | None"] = relationship(foreign_keys=[winner_entry_id])


class Entry(Base):
    """A student's video CV in one competition: one per student, enforced by the database."""

    __tablename__ = "competition_entries"
    __table_args__ = (UniqueConstraint("competition_id", "student_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(
        ForeignKey("competition_competitions.id", ondelete="CASCADE"), index=True
    )
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(160))
    pitch: Mapped[str] = mapped_column(Text, default="")
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    under_18: Mapped[bool] = mapped_column(Boolean, default=False)
    guardian_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    video_state: Mapped[str] = mapped_column(String(12), default=VideoState.NONE)
    # A message id (English, translated when shown) saying what the student can do.
    video_error: Mapped[str | None] = mapped_column(String(300))
    # Random part of the file names; a new one for each upload, so caches never mix versions.
    video_key: Mapped[str | None] = mapped_column(String(40))
    duration_seconds: Mapped[int | None] = mapped_column(Integer)
    # The transcode's own state, for retries, the sweeper and the organiser's list.
    video_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # What went wrong on the server side (ffmpeg's error output, disk full), for organisers.
    video_last_error: Mapped[str | None] = mapped_column(Text)
    # When the transcode was last queued; None: not queued (Redis was down), the sweeper will.
    video_queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A replaced video's key, kept (and shown) until the new one is ready.
    previous_video_key: Mapped[str | None] = mapped_column(String(40))
    captions_vtt: Mapped[str | None] = mapped_column(Text)
    transcript: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    competition: Mapped[Competition] = relationship()
    student: Mapped[User] = relationship()


class Judge(Base):
    """A person invited to judge. Until the invitee has an account, only the email is known."""

    __tablename__ = "competition_judges"
    __table_args__ = (UniqueConstraint("competition_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(
        ForeignKey("competition_competitions.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    # The hash of the seat invite's secret: the seat goes to whoever accepts the link
    # mailed to the address (and may judge), never to an account that merely has the email.
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    conflicts_declared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User | None] = relationship()


class Conflict(Base):
    """A judge's declared conflict of interest with one entry: they never see it."""

    __tablename__ = "competition_conflicts"

    judge_id: Mapped[int] = mapped_column(
        ForeignKey("competition_judges.id", ondelete="CASCADE"), primary_key=True
    )
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("competition_entries.id", ondelete="CASCADE"), primary_key=True
    )


class Assignment(Base):
    """One judge judges one entry; the scores and the comment hang on it."""

    __tablename__ = "competition_assignments"
    __table_args__ = (UniqueConstraint("entry_id", "judge_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("competition_entries.id", ondelete="CASCADE"), index=True
    )
    judge_id: Mapped[int] = mapped_column(
        ForeignKey("competition_judges.id", ondelete="CASCADE"), index=True
    )
    comment: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    entry: Mapped[Entry] = relationship()
    judge: Mapped[Judge] = relationship()
    scores: Mapped[list["Score"]] = relationship(
        back_populates="assignment", cascade="all, delete-orphan", lazy="selectin"
    )


class Score(Base):
    __tablename__ = "competition_scores"
    __table_args__ = (UniqueConstraint("assignment_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("competition_assignments.id", ondelete="CASCADE")
    )
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("competition_criteria.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[int] = mapped_column(Integer)

    assignment: Mapped[Assignment] = relationship(back_populates="scores")
