"""Rules that award badges automatically, registered by name.

A rule reads a student's Stats (gathered in a fixed number of queries) and
says how far along they are; a badge class with rules is earned when all of
them are met.
"""

from dataclasses import dataclass, field

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from quests.community_models import MemberStatus, Project, ProjectMember
from quests.errors import N_
from quests.models import User
from quests.plan_models import LearningPlan, PlanUnit
from quests.quest_models import AttemptState, Quest, QuestAttempt


@dataclass
class Stats:
    """What the rules look at, for one student."""

    approved_by_kind: dict[str, int] = field(default_factory=dict)
    unit_goals: dict[str, tuple[int, int]] = field(default_factory=dict)  # code: (approved, all)
    completed_projects: int = 0


def gather(session: Session, user: User) -> Stats:
    approved = dict(
        session.execute(
            select(Quest.kind, func.count())
            .join(QuestAttempt, QuestAttempt.quest_id == Quest.id)
            .where(QuestAttempt.student_id == user.id, QuestAttempt.state == AttemptState.APPROVED)
            .group_by(Quest.kind)
        ).all()
    )
    units = session.execute(
        select(
            PlanUnit.code,
            func.count(QuestAttempt.id).filter(QuestAttempt.state == AttemptState.APPROVED),
            func.count(Quest.id),
        )
        .join(LearningPlan, LearningPlan.id == PlanUnit.plan_id)
        .join(Quest, Quest.plan_unit_id == PlanUnit.id)
        .outerjoin(
            QuestAttempt,
            and_(QuestAttempt.quest_id == Quest.id, QuestAttempt.student_id == user.id),
        )
        .where(LearningPlan.student_id == user.id)
        .group_by(PlanUnit.code)
    ).all()
    return Stats(
        approved_by_kind=approved,
        unit_goals={code: (done, total) for code, done, total in units},
        completed_projects=_completed_projects(session, user),
    )


def _completed_projects(session: Session, user: User) -> int:
    """Completed projects the student was an accepted team member of."""
    return session.scalar(
        select(func.count(Project.id))
        .join(ProjectMember, ProjectMember.project_id == Project.id)
        .where(
            ProjectMember.user_id == user.id,
            ProjectMember.status == MemberStatus.ACCEPTED,
            Project.completed_at.is_not(None),
        )
    )


class Rule:
    kind: str
    label: str

    def __init__(self, params: dict):
        self.params = params

    def progress(self, stats: Stats) -> tuple[int, int]:
        """(done, needed): met when done >= needed > 0."""
        raise NotImplementedError

    def describe(self) -> tuple[str, dict]:
        """A message (marked with N_) and its parameters, for people to read."""
        return self.label, dict(self.params)


class UnitGoalsApproved(Rule):
    kind = "unit_goals"
    label = N_("All goals of the plan unit %(unit_code)s approved")

    def progress(self, stats: Stats) -> tuple[int, int]:
        done, total = stats.unit_goals.get(self.params.get("unit_code", ""), (0, 0))
        return done, total


class QuestsApproved(Rule):
    kind = "quests_approved"
    label = N_("%(count)s approved quests")

    def progress(self, stats: Stats) -> tuple[int, int]:
        wanted = self.params.get("quest_kind")
        counts = stats.approved_by_kind
        done = counts.get(wanted, 0) if wanted else sum(counts.values())
        return done, int(self.params.get("count", 1))


class ProjectCompleted(Rule):
    kind = "project_completed"
    label = N_("A co-creation project completed")

    def progress(self, stats: Stats) -> tuple[int, int]:
        return min(stats.completed_projects, 1), 1


# The registry of rule kinds by name: a new rule is a Rule subclass added here.
RULES: dict[str, type[Rule]] = {
    rule.kind: rule for rule in (UnitGoalsApproved, QuestsApproved, ProjectCompleted)
}


def rule_for(kind: str, params: dict) -> Rule:
    return RULES[kind](params)


def is_met(progress: tuple[int, int]) -> bool:
    done, needed = progress
    return needed > 0 and done >= needed
