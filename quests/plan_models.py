"""A student's personal learning plan, shaped like the Finnish HOKS."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quests.clock import utcnow
from quests.models import Base, User, UTCDateTime


class LearningPlan(Base):
    __tablename__ = "learning_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    qualification: Mapped[str] = mapped_column(String(200))
    qualification_code: Mapped[str | None] = mapped_column(String(20))
    support_needs: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    student: Mapped[User] = relationship()
    units: Mapped[list["PlanUnit"]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanUnit.position"
    )
    periods: Mapped[list["WorkPeriod"]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="WorkPeriod.starts_on"
    )
    demonstrations: Mapped[list["Demonstration"]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="Demonstration.planned_on"
    )
    comments: Mapped[list["PlanComment"]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanComment.created_at"
    )


class PlanUnit(Base):
    """A qualification unit (tutkinnon osa) in the plan; its goals are quests."""

    __tablename__ = "plan_units"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("learning_plans.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    competence_points: Mapped[int] = mapped_column()
    position: Mapped[int] = mapped_column(default=0)

    plan: Mapped[LearningPlan] = relationship(back_populates="units")


class WorkPeriod(Base):
    """A work-based learning period at a workplace."""

    __tablename__ = "work_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("learning_plans.id", ondelete="CASCADE"), index=True
    )
    workplace: Mapped[str] = mapped_column(String(200))
    supervisor: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date] = mapped_column()
    ends_on: Mapped[date] = mapped_column()
    hours_per_week: Mapped[int] = mapped_column()

    plan: Mapped[LearningPlan] = relationship(back_populates="periods")


class Demonstration(Base):
    """A planned competence demonstration (näyttö)."""

    __tablename__ = "demonstrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("learning_plans.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("plan_units.id", ondelete="SET NULL"))
    description: Mapped[str] = mapped_column(String(500))
    place: Mapped[str] = mapped_column(String(200), default="")
    planned_on: Mapped[date | None] = mapped_column()

    plan: Mapped[LearningPlan] = relationship(back_populates="demonstrations")
    unit: Mapped[PlanUnit | None] = relationship()


class PlanComment(Base):
    __tablename__ = "plan_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("learning_plans.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    plan: Mapped[LearningPlan] = relationship(back_populates="comments")
    author: Mapped[User | None] = relationship()
