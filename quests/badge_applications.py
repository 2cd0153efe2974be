"""Applying for a badge, and the teacher's decision on an application."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from quests import access
from quests.badge_models import (
    BadgeApplication,
    BadgeApplicationStatus,
    BadgeAward,
    BadgeClass,
)
from quests.badges import approved_quests, grant
from quests.errors import (
    N_,
    AlreadyApplied,
    AlreadyAwarded,
    ApplicationsClosed,
    InvalidInput,
    InvalidTransition,
    NotAllowed,
    ReasonRequired,
)
from quests.models import User
from quests.roles import Capability


def apply(
    session: Session,
    *,
    student: User,
    badge: BadgeClass,
    text: str,
    quest_ids: list[int],
    file: tuple[str, str, str] | None,
    now: datetime,
) -> BadgeApplication:
    if not badge.open_for_applications:
        raise ApplicationsClosed()
    pending = session.scalar(
        select(BadgeApplication).where(
            BadgeApplication.badge_id == badge.id,
            BadgeApplication.student_id == student.id,
            BadgeApplication.status == BadgeApplicationStatus.PENDING,
        )
    )
    if pending is not None:
        raise AlreadyApplied()
    if not badge.allow_repeats and session.scalar(
        select(BadgeAward.id).where(
            BadgeAward.badge_id == badge.id,
            BadgeAward.recipient_id == student.id,
            BadgeAward.revoked_at.is_(None),
        )
    ):
        raise AlreadyAwarded()
    own = {q.id for _, q in approved_quests(session, [student.id])}
    if not text.strip() and not quest_ids and file is None:
        raise InvalidInput(N_("Tell why you should get the badge, or add evidence."), field="text")
    application = BadgeApplication(
        badge=badge,
        student=student,
        text=text.strip(),
        quest_ids=[qid for qid in quest_ids if qid in own],
        file_name=file[0] if file else None,
        file_original=file[1] if file else None,
        file_type=file[2] if file else None,
        created_at=now,
    )
    session.add(application)
    session.flush()
    return application


def can_decide(session: Session, user: User, application: BadgeApplication) -> bool:
    if not user.can(Capability.AWARD) or application.student_id == user.id:
        return False
    return user.can(Capability.ADMINISTER) or access.is_teacher_of(
        session, user, application.student
    )


def decide(
    session: Session,
    *,
    actor: User,
    application: BadgeApplication,
    accept: bool,
    reason: str,
    now: datetime,
) -> BadgeAward | None:
    if not can_decide(session, actor, application):
        raise NotAllowed()
    if application.status != BadgeApplicationStatus.PENDING:
        raise InvalidTransition()
    if not accept and not reason.strip():
        raise ReasonRequired(field="reason")
    application.status = (
        BadgeApplicationStatus.ACCEPTED if accept else BadgeApplicationStatus.DECLINED
    )
    application.reason = reason.strip() or None
    application.decided_by_id = actor.id
    application.decided_at = now
    if not accept:
        session.flush()
        return None
    quests = [
        q
        for _, q in approved_quests(session, [application.student_id])
        if q.id in application.quest_ids
    ]
    award = grant(
        session,
        badge=application.badge,
        student=application.student,
        awarded_by=actor,
        narrative=application.text,
        evidence=quests,
        now=now,
    )
    if award is None:
        raise AlreadyAwarded()
    return award


def pending_applications(session: Session, user: User) -> list[BadgeApplication]:
    query = (
        select(BadgeApplication)
        .where(
            BadgeApplication.status == BadgeApplicationStatus.PENDING,
            BadgeApplication.student_id != user.id,
        )
        .options(selectinload(BadgeApplication.badge), selectinload(BadgeApplication.student))
        .order_by(BadgeApplication.created_at)
    )
    if not user.can(Capability.ADMINISTER):
        query = query.where(BadgeApplication.student_id.in_(access.taught_student_ids(user)))
    return list(session.scalars(query))
