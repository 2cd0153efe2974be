"""What the community's project pages show: the project list and one project with its team,
applicants and milestones, each in a fixed number of queries."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from quests.community_models import MemberStatus, Project, ProjectMember
from quests.errors import NotFound
from quests.models import User
from quests.projects import can_manage_project
from quests.quest_models import Decision, Quest, QuestAttempt, Submission
from quests.roles import Capability, Role


@dataclass(frozen=True)
class ProjectSummary:
    project: Project
    members: int
    milestones: int
    my_status: str | None

    @property
    def places_left(self) -> int:
        return max(0, self.project.team_size - self.members)


def project_list(session: Session, user: User, limit: int = 50) -> list[ProjectSummary]:
    """Projects, open ones first, with team and milestone counts: one query."""
    members = (
        select(ProjectMember.project_id, func.count().label("n"))
        .where(ProjectMember.status == MemberStatus.ACCEPTED)
        .group_by(ProjectMember.project_id)
        .subquery()
    )
    milestones = (
        select(Quest.project_id, func.count().label("n"))
        .where(Quest.project_id.is_not(None))
        .group_by(Quest.project_id)
        .subquery()
    )
    mine = (
        select(ProjectMember.project_id, ProjectMember.status)
        .where(ProjectMember.user_id == user.id)
        .subquery()
    )
    rows = session.execute(
        select(
            Project,
            func.coalesce(members.c.n, 0),
            func.coalesce(milestones.c.n, 0),
            mine.c.status,
        )
        .outerjoin(members, members.c.project_id == Project.id)
        .outerjoin(milestones, milestones.c.project_id == Project.id)
        .outerjoin(mine, mine.c.project_id == Project.id)
        .options(joinedload(Project.owner).lazyload(User.role_rows))
        .order_by(Project.completed_at.is_not(None), Project.created_at.desc(), Project.id.desc())
        .limit(limit)
    )
    return [ProjectSummary(p, m, q, s) for p, m, q, s in rows]


@dataclass(frozen=True)
class MilestoneView:
    quest: Quest
    state: str
    feedback: Submission | None


@dataclass(frozen=True)
class ProjectPage:
    project: Project
    members: list[ProjectMember]
    applicants: list[ProjectMember]
    milestones: list[MilestoneView]
    my_status: str | None
    can_manage: bool
    # Whether the viewer is a student (may apply) and an administrator (sees every milestone).
    viewer_is_student: bool
    viewer_administers: bool

    @property
    def is_full(self) -> bool:
        return len(self.members) >= self.project.team_size

    @property
    def can_apply(self) -> bool:
        """A student outside the team may apply while the project runs (the form shows
        'team full' instead when there is no room)."""
        return (
            self.my_status is None
            and self.viewer_is_student
            and not self.can_manage
            and self.project.completed_at is None
        )

    @property
    def in_team_or_manages(self) -> bool:
        """Team members and the project's managers see the milestones' feedback."""
        return self.my_status == MemberStatus.ACCEPTED or self.can_manage

    @property
    def can_open_milestones(self) -> bool:
        return self.in_team_or_manages or self.viewer_administers


def project_page(session: Session, user: User, project_id: int) -> ProjectPage:
    """A project with its team, applicants and milestones with the team's state and the
    latest feedback: a fixed number of queries whatever their number."""
    project = session.scalar(
        select(Project)
        .where(Project.id == project_id)
        .options(
            # Only names are shown: the people's roles are not loaded.
            joinedload(Project.owner).lazyload(User.role_rows),
            joinedload(Project.teacher).lazyload(User.role_rows),
            selectinload(Project.members).joinedload(ProjectMember.user).lazyload(User.role_rows),
            selectinload(Project.milestones),
        )
    )
    if project is None:
        raise NotFound()
    quest_ids = [quest.id for quest in project.milestones]
    # States are kept the same for the whole team, so one row per milestone is enough.
    rows = session.execute(
        select(QuestAttempt.quest_id, func.max(QuestAttempt.state))
        .where(QuestAttempt.quest_id.in_(quest_ids))
        .group_by(QuestAttempt.quest_id)
    )
    states = {quest_id: state for quest_id, state in rows}
    latest: dict[int, Submission] = {}
    for submission, quest_id in session.execute(
        select(Submission, QuestAttempt.quest_id)
        .join(QuestAttempt)
        .where(QuestAttempt.quest_id.in_(quest_ids), Submission.decision != Decision.PENDING)
        .options(joinedload(Submission.reviewer).lazyload(User.role_rows))
        .order_by(Submission.reviewed_at.desc())
    ):
        latest.setdefault(quest_id, submission)
    mine = next((m for m in project.members if m.user_id == user.id), None)
    return ProjectPage(
        project=project,
        members=[m for m in project.members if m.status == MemberStatus.ACCEPTED],
        applicants=[m for m in project.members if m.status == MemberStatus.APPLIED],
        milestones=[
            MilestoneView(q, states.get(q.id, "available"), latest.get(q.id))
            for q in project.milestones
        ],
        my_status=mine.status if mine else None,
        can_manage=can_manage_project(user, project),
        viewer_is_student=user.has_role(Role.STUDENT),
        viewer_administers=user.can(Capability.ADMINISTER),
    )
