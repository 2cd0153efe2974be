"""Co-creation projects: posting, teams, milestones and completion (the pages' read models
are in quests/project_pages.py).

Services take the session and the acting person, check permission, flush and
never commit. A project's milestones are project quests: team members take them
through quests.lifecycle like any other quest (lifecycle explains team attempts).
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quests.community_models import MemberStatus, Project, ProjectMember, ProjectNeed
from quests.errors import N_, Conflict, InvalidDates, InvalidInput, NotAllowed, NotFound
from quests.models import User
from quests.quest_models import (
    AttemptState,
    EvidenceKind,
    Quest,
    QuestAttempt,
    QuestKind,
    QuestStep,
)
from quests.roles import Capability, Role

MAX_MILESTONES = 8


class TeamFull(Conflict):
    message = N_("The team is already full.")


class AlreadyJoined(Conflict):
    message = N_("You have already applied to this project.")


class AlreadyMember(Conflict):
    message = N_("This student is already in the team.")


class NotApplicant(NotFound):
    message = N_("That student has not applied to this project.")


class ProjectCompleted(Conflict):
    message = N_("The project is already completed.")


class NotCompleted(Conflict):
    message = N_("A testimonial can be written once the project is completed.")


@dataclass(frozen=True)
class MilestoneInput:
    title: str
    evidence: EvidenceKind
    xp: int = 50
    description: str = ""
    due_date: date | None = None


@dataclass(frozen=True)
class ProjectInput:
    title: str
    need: str
    description: str
    skills: str
    team_size: int
    starts_on: date | None = None
    ends_on: date | None = None


def can_post_project(user: User) -> bool:
    return user.can(Capability.POST_PROJECTS) or user.can(Capability.MANAGE_COHORTS)


def can_manage_project(user: User, project: Project) -> bool:
    """The entrepreneur, the linked teacher and administrators run a project."""
    return user.id in (project.owner_id, project.teacher_id) or user.can(Capability.ADMINISTER)


def _check(data: ProjectInput) -> None:
    if data.need not in set(ProjectNeed):
        raise InvalidInput(field="need")
    if not 1 <= data.team_size <= 12:
        raise InvalidInput(N_("A team has 1 to 12 students."), field="team_size")
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        raise InvalidDates(field="ends_on")


def _add_milestone(project: Project, owner_id: int, milestone: MilestoneInput) -> Quest:
    quest = Quest(
        kind=QuestKind.PROJECT,
        title=milestone.title.strip(),
        description=milestone.description,
        xp=milestone.xp,
        due_date=milestone.due_date,
        owner_id=owner_id,
        project_id=project.id,
    )
    quest.steps.append(
        QuestStep(position=0, title=milestone.title.strip(), evidence=milestone.evidence)
    )
    return quest


def create_project(
    session: Session,
    *,
    actor: User,
    data: ProjectInput,
    milestones: list[MilestoneInput],
    now: datetime,
    entrepreneur: User | None = None,
    teacher: User | None = None,
) -> Project:
    """An entrepreneur posts their own project (optionally linking a teacher), or a teacher
    posts one on an entrepreneur's behalf and is linked to it."""
    if actor.can(Capability.POST_PROJECTS):
        owner = actor
        if teacher is not None and not teacher.can(Capability.MANAGE_COHORTS):
            raise InvalidInput(field="teacher")
    elif actor.can(Capability.MANAGE_COHORTS):
        owner, teacher = entrepreneur, actor
        if owner is None or not owner.has_role(Role.ENTREPRENEUR):
            raise InvalidInput(N_("Choose the entrepreneur."), field="entrepreneur")
    else:
        raise NotAllowed()
    _check(data)
    if not milestones:
        raise InvalidInput(N_("Add at least one milestone."), field="milestones")
    if len(milestones) > MAX_MILESTONES:
        raise InvalidInput(field="milestones")
    project = Project(
        owner_id=owner.id,
        teacher_id=teacher.id if teacher is not None else None,
        title=data.title.strip(),
        need=data.need,
        description=data.description,
        skills=data.skills.strip(),
        team_size=data.team_size,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        created_at=now,
    )
    session.add(project)
    session.flush()
    for milestone in milestones:
        session.add(_add_milestone(project, owner.id, milestone))
    session.flush()
    return project


def update_project(session: Session, *, actor: User, project: Project, data: ProjectInput) -> None:
    if not can_manage_project(actor, project):
        raise NotAllowed()
    _check(data)
    accepted = _accepted_count(session, project.id)
    if data.team_size < accepted:
        raise InvalidInput(
            N_("The team already has %(num)d students."), field="team_size", num=accepted
        )
    project.title = data.title.strip()
    project.need = data.need
    project.description = data.description
    project.skills = data.skills.strip()
    project.team_size = data.team_size
    project.starts_on = data.starts_on
    project.ends_on = data.ends_on
    session.flush()


def add_milestone(
    session: Session, *, actor: User, project: Project, milestone: MilestoneInput
) -> Quest:
    if not can_manage_project(actor, project):
        raise NotAllowed()
    if project.completed_at is not None:
        raise ProjectCompleted()
    count = session.scalar(select(func.count()).where(Quest.project_id == project.id))
    if count >= MAX_MILESTONES:
        raise InvalidInput(N_("A project has at most 8 milestones."), field="title")
    quest = _add_milestone(project, project.owner_id, milestone)
    session.add(quest)
    session.flush()
    return quest


def _accepted_count(session: Session, project_id: int) -> int:
    return session.scalar(
        select(func.count()).where(
            ProjectMember.project_id == project_id, ProjectMember.status == MemberStatus.ACCEPTED
        )
    )


def apply_to_project(
    session: Session, *, actor: User, project: Project, message: str, now: datetime
) -> ProjectMember:
    """A student asks to join the team; the owner accepts."""
    if not actor.has_role(Role.STUDENT) or can_manage_project(actor, project):
        raise NotAllowed()
    if project.completed_at is not None:
        raise ProjectCompleted()
    if _accepted_count(session, project.id) >= project.team_size:
        raise TeamFull()
    member = ProjectMember(
        project_id=project.id, user_id=actor.id, message=message.strip(), created_at=now
    )
    try:
        with session.begin_nested():
            session.add(member)
    except IntegrityError as error:
        raise AlreadyJoined() from error
    return member


def accept_member(
    session: Session, *, actor: User, project: Project, user_id: int, now: datetime
) -> ProjectMember:
    if not can_manage_project(actor, project):
        raise NotAllowed()
    # Lock the project row (PostgreSQL) so two acceptances cannot overfill the team.
    session.execute(select(Project.id).where(Project.id == project.id).with_for_update())
    member = session.scalar(
        select(ProjectMember).where(
            ProjectMember.project_id == project.id, ProjectMember.user_id == user_id
        )
    )
    if member is None:
        raise NotApplicant()
    if member.status == MemberStatus.ACCEPTED:
        raise AlreadyMember()
    if _accepted_count(session, project.id) >= project.team_size:
        raise TeamFull()
    # The count above may be stale by now (SQLite takes no lock for a SELECT): the update
    # itself counts again and changes nothing if the team filled up meanwhile. A write
    # statement holds the database's write lock (SQLite) or runs after the row lock above
    # (PostgreSQL), so two acceptances cannot both see room for one.
    accepted = (
        select(func.count())
        .select_from(ProjectMember)
        .where(
            ProjectMember.project_id == project.id,
            ProjectMember.status == MemberStatus.ACCEPTED,
        )
        .scalar_subquery()
    )
    size = select(Project.team_size).where(Project.id == project.id).scalar_subquery()
    changed = session.execute(
        update(ProjectMember)
        .where(
            ProjectMember.id == member.id,
            ProjectMember.status != MemberStatus.ACCEPTED,
            accepted < size,
        )
        .values(status=MemberStatus.ACCEPTED, accepted_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        raise TeamFull()
    session.refresh(member)
    return member


def leave_testimonial(
    session: Session, *, actor: User, project: Project, text: str, now: datetime
) -> None:
    """The entrepreneur's short public word on a completed project."""
    if actor.id != project.owner_id:
        raise NotAllowed()
    if project.completed_at is None:
        raise NotCompleted()
    if not text.strip():
        raise InvalidInput(field="testimonial")
    project.testimonial = text.strip()
    project.testimonial_at = now
    session.flush()


def team_member_ids(session: Session, project_id: int) -> set[int]:
    return set(
        session.scalars(
            select(ProjectMember.user_id).where(
                ProjectMember.project_id == project_id,
                ProjectMember.status == MemberStatus.ACCEPTED,
            )
        )
    )


def complete_if_done(session: Session, project_id: int, now: datetime) -> bool:
    """Mark the project completed when every milestone is approved; called by the approval.

    The project row is locked first (on PostgreSQL), so of two approvals of its last two
    milestones at once the second one counts the first's and completes the project.
    """
    project = session.get(Project, project_id, with_for_update=True)
    approved = select(QuestAttempt.id).where(
        QuestAttempt.quest_id == Quest.id, QuestAttempt.state == AttemptState.APPROVED
    )
    remaining = session.scalar(
        select(func.count()).where(Quest.project_id == project_id, ~exists(approved))
    )
    if remaining:
        return False
    if project.completed_at is None:
        project.completed_at = now
        session.flush()
    return True
