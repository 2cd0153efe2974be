"""Learning plans: written by a teacher together with the student, read by both.

Each goal in a plan is a quest of kind plan goal for that student.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from quests import access
from quests.errors import N_, InvalidDates, InvalidInput, NotAllowed
from quests.models import User
from quests.plan_models import Demonstration, LearningPlan, PlanComment, PlanUnit, WorkPeriod
from quests.quest_models import (
    Acquisition,
    AttemptState,
    EvidenceKind,
    Quest,
    QuestAttempt,
    QuestKind,
    QuestStep,
)


def _require_editor(session: Session, actor: User, student: User) -> None:
    if not access.can_edit_plan(session, actor, student):
        raise NotAllowed()


def plan_of(session: Session, student: User) -> LearningPlan | None:
    return session.scalar(
        select(LearningPlan)
        .where(LearningPlan.student_id == student.id)
        .options(
            selectinload(LearningPlan.units),
            selectinload(LearningPlan.periods),
            selectinload(LearningPlan.demonstrations),
            selectinload(LearningPlan.comments).selectinload(PlanComment.author),
        )
    )


def save_plan(
    session: Session,
    *,
    actor: User,
    student: User,
    qualification: str,
    qualification_code: str | None,
    support_needs: str,
    now: datetime,
) -> LearningPlan:
    _require_editor(session, actor, student)
    plan = plan_of(session, student) or LearningPlan(student=student)
    plan.qualification = qualification.strip()
    plan.qualification_code = (qualification_code or "").strip() or None
    plan.support_needs = support_needs.strip()
    plan.updated_at = now
    session.add(plan)
    session.flush()
    return plan


def add_unit(
    session: Session, *, actor: User, plan: LearningPlan, code: str, name: str, points: int
) -> PlanUnit:
    _require_editor(session, actor, plan.student)
    if points <= 0 or points > 200:
        raise InvalidInput(N_("Competence points must be between 1 and 200."), field="points")
    position = len(plan.units)
    unit = PlanUnit(
        plan=plan, code=code.strip(), name=name.strip(), competence_points=points, position=position
    )
    session.add(unit)
    session.flush()
    return unit


def add_goal(
    session: Session,
    *,
    actor: User,
    unit: PlanUnit,
    title: str,
    description: str,
    acquisition: Acquisition,
    xp_reward: int,
    due_date: date | None,
    steps: list[tuple[str, EvidenceKind]],
) -> Quest:
    """A goal for the plan's unit: a quest for the plan's student, reviewed by its teachers."""
    _require_editor(session, actor, unit.plan.student)
    quest = Quest(
        kind=QuestKind.PLAN_GOAL,
        title=title.strip(),
        description=description,
        xp=xp_reward,
        due_date=due_date,
        owner=actor,
        student=unit.plan.student,
        plan_unit_id=unit.id,
        acquisition=Acquisition(acquisition).value,
    )
    for position, (step_title, kind) in enumerate(steps):
        quest.steps.append(QuestStep(position=position, title=step_title, evidence=kind))
    session.add(quest)
    session.flush()
    return quest


def add_period(
    session: Session,
    *,
    actor: User,
    plan: LearningPlan,
    workplace: str,
    supervisor: str,
    starts_on: date,
    ends_on: date,
    hours_per_week: int,
) -> WorkPeriod:
    _require_editor(session, actor, plan.student)
    if ends_on < starts_on:
        raise InvalidDates(field="ends_on")
    period = WorkPeriod(
        plan=plan,
        workplace=workplace.strip(),
        supervisor=supervisor.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        hours_per_week=hours_per_week,
    )
    session.add(period)
    session.flush()
    return period


def add_demonstration(
    session: Session,
    *,
    actor: User,
    plan: LearningPlan,
    unit: PlanUnit | None,
    description: str,
    place: str,
    planned_on: date | None,
) -> Demonstration:
    _require_editor(session, actor, plan.student)
    if unit is not None and unit.plan_id != plan.id:
        raise NotAllowed()
    demonstration = Demonstration(
        plan=plan,
        unit=unit,
        description=description.strip(),
        place=place.strip(),
        planned_on=planned_on,
    )
    session.add(demonstration)
    session.flush()
    return demonstration


def add_comment(
    session: Session, *, actor: User, plan: LearningPlan, body: str, now: datetime
) -> PlanComment:
    """The student and their teachers discuss the plan; the student cannot edit it."""
    if not access.can_view_plan(session, actor, plan.student):
        raise NotAllowed()
    if not body.strip():
        raise InvalidInput(N_("Write a comment first."), field="body")
    comment = PlanComment(plan=plan, author=actor, body=body.strip(), created_at=now)
    session.add(comment)
    session.flush()
    return comment


@dataclass
class UnitProgress:
    unit: PlanUnit
    goals: list[tuple[Quest, str]] = field(default_factory=list)

    @property
    def approved(self) -> int:
        return sum(1 for _, state in self.goals if state == AttemptState.APPROVED)

    @property
    def percent(self) -> int:
        return round(100 * self.approved / len(self.goals)) if self.goals else 0


def unit_progress(session: Session, plan: LearningPlan) -> list[UnitProgress]:
    """Each unit with its goals and the student's state on each: one query for all goals."""
    by_unit = {unit.id: UnitProgress(unit) for unit in plan.units}
    rows = session.execute(
        select(Quest, QuestAttempt.state)
        .outerjoin(
            QuestAttempt,
            (QuestAttempt.quest_id == Quest.id) & (QuestAttempt.student_id == plan.student_id),
        )
        .where(Quest.plan_unit_id.in_(list(by_unit)))
        .order_by(Quest.due_date.is_(None), Quest.due_date, Quest.id)
    )
    for quest, state in rows:
        by_unit[quest.plan_unit_id].goals.append((quest, state or "available"))
    return list(by_unit.values())
