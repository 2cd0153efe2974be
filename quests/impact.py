"""The hub's impact figures per month, counted from the data: what the hub reports (the
OECD case study's figures). Each figure is one aggregate query, whatever the date range.

Months are calendar months in UTC (timestamps) or as dated (plan dates). A teacher's
figures count only the students of their own classes; the hub-wide figures (entrepreneurs,
projects, judges, teachers' development) are the administrators'.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import Date, cast, distinct, func, select
from sqlalchemy.orm import Session

from quests.badge_models import BadgeAward
from quests.community_models import ApplicationStatus, EntrepreneurApplication, Project
from quests.errors import N_, InvalidInput, NotAllowed, NotFound
from quests.models import Cohort, CohortMembership, MembershipKind, User, UserRole
from quests.plan_models import LearningPlan, WorkPeriod
from quests.quest_models import ActivityDay, Decision, Quest, QuestAttempt, QuestKind, Submission
from quests.roles import Capability, Role

# A report longer than this is refused: the charts stay readable and the queries bounded.
MAX_MONTHS = 60


@dataclass(frozen=True)
class Figure:
    """One table of the report: a value (or two) per month."""

    name: str
    values: dict[str, dict[str, float]]
    columns: tuple[str, ...] = ("count",)


@dataclass
class Report:
    months: list[str]
    cohorts: list[Cohort]
    cohort: Cohort | None
    # The classes counted, or None for the whole hub (an administrator's default).
    scope: list[int] | None
    start: datetime
    end: datetime
    figures: dict[str, Figure] = field(default_factory=dict)

    @property
    def hub_wide(self) -> bool:
        return self.scope is None

    def series(self, name: str, column: str = "count") -> list[tuple[str, float]]:
        values = self.figures[name].values
        return [(month, values.get(month, {}).get(column, 0)) for month in self.months]


def month_range(first: date, last: date) -> list[str]:
    if last < first:
        raise InvalidInput(N_("The end month is before the start month."), field="end")
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if len(months) > MAX_MONTHS:
        raise InvalidInput(N_("Choose at most 60 months."), field="start")
    return months


def _after(last: date) -> date:
    return date(last.year + 1, 1, 1) if last.month == 12 else date(last.year, last.month + 1, 1)


class Dialect:
    """The few expressions that differ between SQLite and PostgreSQL."""

    def __init__(self, session: Session):
        self.postgres = session.get_bind().dialect.name == "postgresql"

    def month(self, column, timestamp: bool = True):
        if self.postgres:
            value = func.timezone("UTC", column) if timestamp else column
            return func.to_char(value, "YYYY-MM")
        return func.strftime("%Y-%m", column)

    def days(self, start, end):
        if self.postgres:
            return cast(end, Date) - cast(start, Date) + 1
        return func.julianday(end) - func.julianday(start) + 1


def students_in_scope(cohort_ids):
    """The ids of students in these classes, or of everyone with the student role."""
    if cohort_ids is None:
        return select(UserRole.user_id).where(UserRole.role == Role.STUDENT.value)
    return select(CohortMembership.user_id).where(
        CohortMembership.kind == MembershipKind.STUDENT,
        CohortMembership.cohort_id.in_(cohort_ids),
    )


def per_month(session, month, *columns, where, join=None) -> dict[str, dict[str, float]]:
    labelled = month.label("month")
    query = select(labelled, *columns)
    if join is not None:
        query = query.select_from(join)
    query = query.where(*where).group_by(labelled)
    return {
        row.month: {key: float(row._mapping[key] or 0) for key in row._mapping if key != "month"}
        for row in session.execute(query)
    }


def visible_cohorts(session: Session, actor: User) -> list[Cohort]:
    query = select(Cohort).order_by(Cohort.name, Cohort.id)
    if not actor.can(Capability.ADMINISTER):
        query = query.join(CohortMembership).where(
            CohortMembership.user_id == actor.id,
            CohortMembership.kind == MembershipKind.TEACHER,
        )
    return list(session.scalars(query))


@dataclass(frozen=True)
class Scope:
    cohorts: list[Cohort]
    chosen: Cohort | None
    # The classes counted, or None for the whole hub.
    cohort_ids: list[int] | None


def scope_for(session: Session, *, actor: User, cohort_id: int | None) -> Scope:
    """Which classes the actor's report counts: one they chose, or all they may see (for an
    administrator, the whole hub). A class the actor does not teach is refused."""
    if not actor.can(Capability.MANAGE_COHORTS):
        raise NotAllowed()
    cohorts = visible_cohorts(session, actor)
    admin = actor.can(Capability.ADMINISTER)
    if cohort_id is not None:
        chosen = next((c for c in cohorts if c.id == cohort_id), None)
        if chosen is None:
            raise NotFound() if admin else NotAllowed()
        return Scope(cohorts, chosen, [chosen.id])
    return Scope(cohorts, None, None if admin else [c.id for c in cohorts])


def report(
    session: Session, *, actor: User, first: date, last: date, cohort_id: int | None
) -> Report:
    """The figures for the months from first to last, for one class or every class the actor
    may see. Who may look is decided before the dates are checked."""
    chosen_scope = scope_for(session, actor=actor, cohort_id=cohort_id)
    cohorts, chosen, scope = chosen_scope.cohorts, chosen_scope.chosen, chosen_scope.cohort_ids
    months = month_range(first, last)
    start = datetime(first.year, first.month, 1, tzinfo=UTC)
    end = datetime(*_after(last).timetuple()[:3], tzinfo=UTC)
    result = Report(
        months=months, cohorts=cohorts, cohort=chosen, scope=scope, start=start, end=end
    )
    first_day, end_day = start.date(), end.date()
    sql = Dialect(session)
    students = students_in_scope(scope)

    def add(name, values, columns=("count",)):
        result.figures[name] = Figure(name, values, columns)

    add(
        "active_students",
        per_month(
            session,
            sql.month(ActivityDay.day, timestamp=False),
            func.count(distinct(ActivityDay.user_id)).label("count"),
            where=[
                ActivityDay.day >= first_day,
                ActivityDay.day < end_day,
                ActivityDay.user_id.in_(students),
            ],
        ),
    )
    add(
        "work_periods",
        per_month(
            session,
            sql.month(WorkPeriod.starts_on, timestamp=False),
            func.count(WorkPeriod.id).label("count"),
            func.sum(
                WorkPeriod.hours_per_week * sql.days(WorkPeriod.starts_on, WorkPeriod.ends_on) / 7.0
            ).label("hours"),
            join=WorkPeriod.__table__.join(LearningPlan.__table__),
            where=[
                WorkPeriod.starts_on >= first_day,
                WorkPeriod.starts_on < end_day,
                LearningPlan.student_id.in_(students),
            ],
        ),
        ("count", "hours"),
    )
    add(
        "quests_approved",
        per_month(
            session,
            sql.month(Submission.reviewed_at),
            func.count(Submission.id).label("count"),
            join=Submission.__table__.join(QuestAttempt.__table__),
            where=[
                Submission.decision == Decision.APPROVED,
                Submission.reviewed_at >= start,
                Submission.reviewed_at < end,
                QuestAttempt.student_id.in_(students),
            ],
        ),
    )
    add(
        "badges_issued",
        per_month(
            session,
            sql.month(BadgeAward.issued_at),
            func.count(BadgeAward.id).label("count"),
            where=[
                BadgeAward.revoked_at.is_(None),
                BadgeAward.issued_at >= start,
                BadgeAward.issued_at < end,
                BadgeAward.recipient_id.in_(students),
            ],
        ),
    )
    if scope is None:
        _add_hub_wide(session, result, sql, start, end)
    return result


def _add_hub_wide(session: Session, result: Report, sql: "Dialect", start, end) -> None:
    result.figures["entrepreneurs_supported"] = Figure(
        "entrepreneurs_supported",
        per_month(
            session,
            sql.month(EntrepreneurApplication.decided_at),
            func.count(EntrepreneurApplication.id).label("count"),
            where=[
                EntrepreneurApplication.status == ApplicationStatus.ACCEPTED,
                EntrepreneurApplication.decided_at >= start,
                EntrepreneurApplication.decided_at < end,
            ],
        ),
    )
    result.figures["projects_completed"] = Figure(
        "projects_completed",
        per_month(
            session,
            sql.month(Project.completed_at),
            func.count(Project.id).label("count"),
            where=[Project.completed_at >= start, Project.completed_at < end],
        ),
    )
    teachers = select(UserRole.user_id).where(UserRole.role == Role.TEACHER.value)
    result.figures["teachers_developing"] = Figure(
        "teachers_developing",
        per_month(
            session,
            sql.month(QuestAttempt.accepted_at),
            func.count(distinct(QuestAttempt.student_id)).label("count"),
            join=QuestAttempt.__table__.join(Quest.__table__),
            where=[
                Quest.kind == QuestKind.CHALLENGE,
                QuestAttempt.accepted_at >= start,
                QuestAttempt.accepted_at < end,
                QuestAttempt.student_id.in_(teachers),
            ],
        ),
    )
