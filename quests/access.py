"""Who may see and do what with quests, evidence and plans: every check in one place.

Lists filter with the same rules in SQL (see quests.board); these functions
decide for one object.
"""

from sqlalchemy import and_, exists, false, select, union
from sqlalchemy.orm import Session, aliased

from quests.community_models import MemberStatus, Project, ProjectMember
from quests.models import CohortMembership, MembershipKind, User
from quests.quest_models import AttemptState, Quest, QuestAttempt, QuestKind
from quests.roles import Capability


def taught_student_ids(teacher: User, student_id: int | None = None):
    """A subquery of the ids of students in the cohorts this person teaches."""
    mine = aliased(CohortMembership)
    theirs = aliased(CohortMembership)
    query = (
        select(theirs.user_id)
        .join(mine, and_(mine.cohort_id == theirs.cohort_id, mine.kind == MembershipKind.TEACHER))
        .where(mine.user_id == teacher.id, theirs.kind == MembershipKind.STUDENT)
    )
    if student_id is not None:
        query = query.where(theirs.user_id == student_id)
    return query


def taught_cohort_ids(teacher: User):
    return select(CohortMembership.cohort_id).where(
        CohortMembership.user_id == teacher.id, CohortMembership.kind == MembershipKind.TEACHER
    )


def student_cohort_ids(student: User):
    return select(CohortMembership.cohort_id).where(
        CohortMembership.user_id == student.id, CohortMembership.kind == MembershipKind.STUDENT
    )


def is_teacher_of(session: Session, teacher: User, student: User) -> bool:
    if not teacher.can(Capability.MANAGE_COHORTS):
        return False
    return session.scalar(select(exists(taught_student_ids(teacher, student.id))))


def team_project_ids(user: User):
    """A subquery of the ids of community projects whose team this person is in."""
    return select(ProjectMember.project_id).where(
        ProjectMember.user_id == user.id, ProjectMember.status == MemberStatus.ACCEPTED
    )


def leads_project(session: Session, user: User, quest: Quest) -> bool:
    """The project's entrepreneur or its linked teacher: they review its milestones."""
    if quest.project_id is None:
        return False
    project = session.get(Project, quest.project_id)
    return project is not None and user.id in (project.owner_id, project.teacher_id)


def visible_quest_ids(user: User):
    """The ids of quests this person may see and take as a learner.

    One SELECT per way of seeing a quest, joined by UNION rather than OR, so each
    part is answered from its own index and none reads the whole quests table.
    """
    return union(
        select(Quest.id).where(Quest.student_id == user.id),
        select(Quest.id).where(Quest.kind == QuestKind.CHALLENGE, Quest.cohort_id.is_(None)),
        select(Quest.id).where(
            Quest.kind == QuestKind.CHALLENGE, Quest.cohort_id.in_(student_cohort_ids(user))
        ),
        select(Quest.id).where(
            Quest.kind == QuestKind.PROJECT, Quest.project_id.in_(team_project_ids(user))
        ),
    )


def visible_quests_filter(user: User):
    """SQL condition: quests this person may see and take as a learner."""
    return Quest.id.in_(visible_quest_ids(user))


def can_take(session: Session, user: User, quest: Quest) -> bool:
    if quest.student_id is not None:
        return quest.student_id == user.id
    if quest.kind == QuestKind.PROJECT and quest.project_id is not None:
        mine = team_project_ids(user).where(ProjectMember.project_id == quest.project_id)
        return session.scalar(select(exists(mine)))
    if quest.kind != QuestKind.CHALLENGE:
        return False
    if quest.cohort_id is None:
        return True
    return quest.cohort_id in set(session.scalars(student_cohort_ids(user)))


def can_view_quest(session: Session, user: User, quest: Quest) -> bool:
    if can_take(session, user, quest) or quest.owner_id == user.id:
        return True
    if user.can(Capability.ADMINISTER) or leads_project(session, user, quest):
        return True
    if quest.student is not None:
        return is_teacher_of(session, user, quest.student)
    if quest.cohort is not None and user.can(Capability.MANAGE_COHORTS):
        return quest.cohort.is_taught_by(user)
    return False


def can_review(session: Session, user: User, attempt: QuestAttempt) -> bool:
    """A teacher of the student, the quest's owner, or an admin; never the student."""
    if attempt.student_id == user.id:
        return False
    if user.can(Capability.ADMINISTER):
        return True
    if attempt.quest.owner_id == user.id and user.can(Capability.REVIEW):
        return True
    if user.can(Capability.REVIEW) and leads_project(session, user, attempt.quest):
        return True
    return user.can(Capability.REVIEW) and is_teacher_of(session, user, attempt.student)


def reviewable_attempt_ids(user: User):
    """The ids of submitted attempts this person reviews as owner, project lead or teacher.

    A UNION of one indexed SELECT per reason, not an OR across joined tables:
    the OR made PostgreSQL read every pending submission and scan the attempts.
    Only attempts waiting for review ("submitted") can have a pending submission.
    """
    waiting = QuestAttempt.state == AttemptState.SUBMITTED
    parts = [
        select(QuestAttempt.id).join(Quest).where(waiting, Quest.owner_id == user.id),
        select(QuestAttempt.id)
        .join(Quest)
        .where(
            waiting,
            Quest.project_id.in_(select(Project.id).where(Project.teacher_id == user.id)),
        ),
    ]
    if user.can(Capability.MANAGE_COHORTS):
        parts.append(
            select(QuestAttempt.id).where(
                waiting, QuestAttempt.student_id.in_(taught_student_ids(user))
            )
        )
    return union(*parts)


def reviewable_filter(user: User):
    """SQL condition on QuestAttempt: attempts this person may review."""
    if user.can(Capability.ADMINISTER):
        return QuestAttempt.student_id != user.id
    if not user.can(Capability.REVIEW):
        return false()
    return and_(
        QuestAttempt.student_id != user.id, QuestAttempt.id.in_(reviewable_attempt_ids(user))
    )


def can_view_attempt(session: Session, user: User, attempt: QuestAttempt) -> bool:
    """Evidence is seen by the student, the reviewers and nobody else."""
    return attempt.student_id == user.id or can_review(session, user, attempt)


def can_view_plan(session: Session, user: User, student: User) -> bool:
    return user.id == student.id or can_edit_plan(session, user, student)


def can_edit_plan(session: Session, user: User, student: User) -> bool:
    if user.id == student.id:
        return False
    return user.can(Capability.ADMINISTER) or is_teacher_of(session, user, student)
