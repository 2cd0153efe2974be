"""The entrepreneur community: applications, co-creation projects, teams, leaderboard settings.

A project's milestones are quests of kind "project" (Quest.project_id points here).
Nothing here adds columns to people or classes: preferences are tables of their own.
"""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quests.clock import utcnow
from quests.models import Base, Cohort, User, UTCDateTime
from quests.quest_models import Quest


class ApplicationStatus(StrEnum):
    PENDING = "pending"
    INFO_REQUESTED = "info_requested"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class BusinessStage(StrEnum):
    IDEA = "idea"
    NEW = "new"
    ESTABLISHED = "established"


class Need(StrEnum):
    """What an entrepreneur needs from the hub."""

    PREMISES = "premises"
    TRAINING = "training"
    PRODUCT_DEVELOPMENT = "product_development"
    SERVICE_DESIGN = "service_design"
    BUSINESS_ADVICE = "business_advice"
    POPUP_SELLING = "popup_selling"


class ProjectNeed(StrEnum):
    """The real need a co-creation project answers."""

    PRODUCT_DEVELOPMENT = "product_development"
    SERVICE_DESIGN = "service_design"
    MARKETING = "marketing"
    SALES = "sales"
    WEBSITE = "website"
    OTHER = "other"


class MemberStatus(StrEnum):
    APPLIED = "applied"
    ACCEPTED = "accepted"


class BoardMode(StrEnum):
    FULL = "full"
    AROUND = "around"


class EntrepreneurApplication(Base):
    """Someone asks to join the hub's entrepreneur community.

    `open_email` holds the email while the application is open or accepted and is
    cleared when it is declined: its unique constraint makes a second application
    from the same address a conflict, decided by the database.
    """

    __tablename__ = "entrepreneur_applications"
    __table_args__ = (UniqueConstraint("open_email"), UniqueConstraint("status_token_hash"))

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), index=True)
    open_email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    business_name: Mapped[str] = mapped_column(String(200))
    sector: Mapped[str] = mapped_column(String(120))
    website: Mapped[str | None] = mapped_column(String(500))
    stage: Mapped[str] = mapped_column(String(20))
    expectations: Mapped[str] = mapped_column(Text)
    # Space-separated Need values.
    needs: Mapped[str] = mapped_column(String(200), default="")
    cooperation: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=ApplicationStatus.PENDING, index=True)
    # The administrator's question (more information) or reason (declined).
    admin_message: Mapped[str | None] = mapped_column(Text)
    applicant_reply: Mapped[str | None] = mapped_column(Text)
    # Only a hash of the status link's token is kept, like invites.
    status_token_hash: Mapped[str] = mapped_column(String(64))
    locale: Mapped[str | None] = mapped_column(String(8))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])

    @property
    def need_list(self) -> list[str]:
        return self.needs.split()


class Project(Base):
    """A real product or service-design need of an entrepreneur, worked on by a student team."""

    __tablename__ = "projects"
    __table_args__ = (CheckConstraint("team_size >= 1 AND team_size <= 12", name="team_size"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The teacher who posted it on the entrepreneur's behalf or follows it; also reviews.
    teacher_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    need: Mapped[str] = mapped_column(String(30))
    description: Mapped[str] = mapped_column(Text, default="")
    skills: Mapped[str] = mapped_column(String(500), default="")
    team_size: Mapped[int] = mapped_column(default=3)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set in the transaction that approves the last milestone; badge rules read it.
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    testimonial: Mapped[str | None] = mapped_column(Text)
    testimonial_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    teacher: Mapped[User | None] = relationship(foreign_keys=[teacher_id])
    milestones: Mapped[list[Quest]] = relationship(
        primaryjoin="Project.id == Quest.project_id",
        foreign_keys="Quest.project_id",
        order_by="(Quest.due_date.is_(None), Quest.due_date, Quest.id)",
        viewonly=True,
    )
    members: Mapped[list["ProjectMember"]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectMember.created_at"
    )


class ProjectMember(Base):
    """A student's place in a project team: applied, then accepted by the owner."""

    __tablename__ = "project_members"
    __table_args__ = (UniqueConstraint("project_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10), default=MemberStatus.APPLIED)
    message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    project: Mapped[Project] = relationship(back_populates="members")
    user: Mapped[User] = relationship()


class LeaderboardPreference(Base):
    """A student's choice to appear on their classes' weekly leaderboards (off by default)."""

    __tablename__ = "leaderboard_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    opted_in: Mapped[bool] = mapped_column(default=False)
    display_name: Mapped[str] = mapped_column(String(40), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CohortLeaderboard(Base):
    """How a class's leaderboard is shown to its students: the whole list or places nearby."""

    __tablename__ = "cohort_leaderboards"

    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True
    )
    mode: Mapped[str] = mapped_column(String(10), default=BoardMode.FULL)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cohort: Mapped[Cohort] = relationship()
