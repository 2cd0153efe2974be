"""Badges: classes, awarding by hand, by rule and on application, revocation, progress.

Every award goes through _award(), which relies on the unique `source` so the
same badge is never awarded twice to a student (unless its class allows repeats).
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from quests import access, badge_rules
from quests.badge_models import (
    BadgeApplication,
    BadgeAward,
    BadgeClass,
    BadgeEvidence,
    BadgeRule,
)
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
from quests.notifications import Kind, notify
from quests.quest_models import AttemptState, Quest, QuestAttempt
from quests.roles import Capability


def recipient_hash(email: str, salt: str) -> str:
    """The Open Badges hashed identity: sha256 of the email and a salt."""
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()


def _source(badge: BadgeClass, student: User) -> str:
    base = f"badge:{badge.id}:user:{student.id}"
    return f"{base}:{secrets.token_hex(6)}" if badge.allow_repeats else base


def create_class(
    session: Session,
    *,
    actor: User,
    name: str,
    description: str,
    criteria: str,
    image_name: str,
    image_type: str,
    tags: list[str],
    valid_days: int | None,
    allow_repeats: bool,
    open_for_applications: bool,
    alignment: tuple[str, str, str] | None = None,
    rules: list[tuple[str, dict]] = (),
) -> BadgeClass:
    if not actor.can(Capability.AWARD):
        raise NotAllowed()
    for kind, _ in rules:
        if kind not in badge_rules.RULES:
            raise InvalidInput(N_("Unknown rule."), field="rule")
    code, align_name, url = alignment or (None, None, None)
    badge = BadgeClass(
        name=name.strip(),
        description=description.strip(),
        criteria=criteria.strip(),
        image_name=image_name,
        image_type=image_type,
        tags=", ".join(tag.strip() for tag in tags if tag.strip()),
        valid_days=valid_days,
        allow_repeats=allow_repeats,
        open_for_applications=open_for_applications,
        alignment_code=code or None,
        alignment_name=align_name or None,
        alignment_url=url or None,
        created_by=actor,
    )
    session.add(badge)
    for kind, params in rules:
        badge.rules.append(BadgeRule(kind=kind, params=params))
    session.flush()
    return badge


def _award(
    session: Session,
    *,
    badge: BadgeClass,
    student: User,
    awarded_by: User | None,
    narrative: str,
    evidence: list[Quest],
    now: datetime,
    source: str | None = None,
) -> BadgeAward | None:
    """Award once per source; None when that source was already awarded."""
    salt = secrets.token_hex(8)
    award = BadgeAward(
        badge=badge,
        recipient=student,
        awarded_by=awarded_by,
        source=source or _source(badge, student),
        salt=salt,
        recipient_hash=recipient_hash(student.email, salt),
        narrative=narrative.strip(),
        issued_at=now,
        expires_at=now + timedelta(days=badge.valid_days) if badge.valid_days else None,
    )
    for quest in evidence:
        award.evidence.append(BadgeEvidence(name=quest.title, narrative=quest.description[:2000]))
    try:
        with session.begin_nested():
            session.add(award)
    except IntegrityError:
        return None
    notify(
        session,
        user=student,
        kind=Kind.BADGE_AWARDED,
        params={"badge": badge.name},
        url=f"/badges/{award.public_id}",
    )
    return award


def approved_quests(session: Session, student_ids: list[int]) -> list[tuple[QuestAttempt, Quest]]:
    """Approved quests of these students, to name as evidence: one query."""
    if not student_ids:
        return []
    return list(
        session.execute(
            select(QuestAttempt, Quest)
            .join(Quest, Quest.id == QuestAttempt.quest_id)
            .where(
                QuestAttempt.student_id.in_(student_ids),
                QuestAttempt.state == AttemptState.APPROVED,
            )
            .order_by(QuestAttempt.student_id, Quest.title)
        ).all()
    )


@dataclass(frozen=True)
class AwardOutcome:
    awarded: list[User]
    already: list[User]


def award_by_hand(
    session: Session,
    *,
    actor: User,
    badge: BadgeClass,
    students: list[User],
    quest_ids: list[int],
    narrative: str,
    now: datetime,
) -> AwardOutcome:
    """A teacher awards a badge to students of their classes, naming approved quests as evidence."""
    if not actor.can(Capability.AWARD) or not students:
        raise NotAllowed()
    for student in students:
        if not (actor.can(Capability.ADMINISTER) or access.is_teacher_of(session, actor, student)):
            raise NotAllowed()
    approved = approved_quests(session, [s.id for s in students])
    awarded, already = [], []
    for student in students:
        evidence = [q for a, q in approved if a.student_id == student.id and q.id in quest_ids]
        award = _award(
            session,
            badge=badge,
            student=student,
            awarded_by=actor,
            narrative=narrative,
            evidence=evidence,
            now=now,
        )
        (awarded if award else already).append(student)
    return AwardOutcome(awarded, already)


def _classes_with_rules(session: Session) -> list[BadgeClass]:
    return list(
        session.scalars(
            select(BadgeClass).where(BadgeClass.rules.any()).options(selectinload(BadgeClass.rules))
        )
    )


def evaluate_rules(session: Session, student: User, now: datetime) -> list[BadgeAward]:
    """Award every rule badge whose rules the student now meets (each once, ever).

    A badge a teacher revoked is not given back by its rule: only a person awards it again.
    """
    stats = badge_rules.gather(session, student)
    revoked = set(
        session.scalars(
            select(BadgeAward.badge_id).where(
                BadgeAward.recipient_id == student.id, BadgeAward.revoked_at.is_not(None)
            )
        )
    )
    awarded = []
    for badge in _classes_with_rules(session):
        if badge.id in revoked:
            continue
        progress = [badge_rules.rule_for(r.kind, r.params).progress(stats) for r in badge.rules]
        if progress and all(badge_rules.is_met(p) for p in progress):
            award = _award(
                session,
                badge=badge,
                student=student,
                awarded_by=None,
                narrative="",
                evidence=[],
                now=now,
                source=f"badge:{badge.id}:user:{student.id}",
            )
            if award is not None:
                awarded.append(award)
    return awarded


@dataclass(frozen=True)
class NextBadge:
    badge: BadgeClass
    done: int
    needed: int

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.needed)) if self.needed else 0


def next_badges(session: Session, student: User, held: set[int], limit: int = 3) -> list[NextBadge]:
    """The rule badges the student is closest to, with their progress."""
    stats = badge_rules.gather(session, student)
    candidates = []
    for badge in _classes_with_rules(session):
        if badge.id in held:
            continue
        done = needed = 0
        for rule in badge.rules:
            d, n = badge_rules.rule_for(rule.kind, rule.params).progress(stats)
            done, needed = done + min(d, n), needed + max(n, 1)
        candidates.append(NextBadge(badge, done, needed))
    candidates.sort(key=lambda c: (-c.percent, c.badge.name))
    return candidates[:limit]


def wall(session: Session, student: User) -> list[BadgeAward]:
    return list(
        session.scalars(
            select(BadgeAward)
            .where(BadgeAward.recipient_id == student.id)
            .options(selectinload(BadgeAward.badge))
            .order_by(BadgeAward.issued_at.desc())
        )
    )


def can_manage_award(session: Session, user: User, award: BadgeAward) -> bool:
    """Who may revoke: an admin, the awarding teacher, and for a badge a rule awarded,
    the student's teachers. The student's teachers may always see it."""
    if user.can(Capability.ADMINISTER):
        return True
    if not user.can(Capability.AWARD):
        return False
    if award.awarded_by_id is None:
        return access.is_teacher_of(session, user, award.recipient)
    return award.awarded_by_id == user.id


def can_view_award(session: Session, user: User, award: BadgeAward) -> bool:
    return (
        award.recipient_id == user.id
        or can_manage_award(session, user, award)
        or access.is_teacher_of(session, user, award.recipient)
    )


def revoke(session: Session, *, actor: User, award: BadgeAward, reason: str, now) -> None:
    if not can_manage_award(session, actor, award):
        raise NotAllowed()
    if award.revoked_at is not None:
        raise InvalidTransition()
    if not reason.strip():
        raise ReasonRequired(field="reason")
    _mark_revoked(session, award, by_id=actor.id, reason=reason, now=now)


# What a deleted person's assertions answer (Open Badges revocationReason, in English).
RECIPIENT_DELETED = "recipient deleted the account"


def revoke_for_deleted_account(session: Session, *, award: BadgeAward, now) -> None:
    """The recipient deleted their account: the assertion stays, answering revoked (not hidden:
    a hidden one answers 404), with no name shown. Revoked the same way as revoke(), without
    an actor."""
    award.show_name = False
    if award.revoked_at is None:
        _mark_revoked(session, award, by_id=None, reason=RECIPIENT_DELETED, now=now)


def _mark_revoked(session: Session, award: BadgeAward, *, by_id, reason: str, now) -> None:
    """Every revocation goes through here."""
    award.revoked_at = now
    award.revoked_by_id = by_id
    award.revocation_reason = reason.strip()[:500]
    # Frees the source so the badge can be earned again.
    award.source = f"{award.source}:revoked:{award.id}"
    session.flush()


def set_privacy(award: BadgeAward, *, actor: User, hidden: bool, show_name: bool) -> None:
    if award.recipient_id != actor.id:
        raise NotAllowed()
    award.hidden = hidden
    award.show_name = show_name


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
            BadgeApplication.status == "pending",
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
    if application.status != "pending":
        raise InvalidTransition()
    if not accept and not reason.strip():
        raise ReasonRequired(field="reason")
    application.status = "accepted" if accept else "declined"
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
    award = _award(
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
        .where(BadgeApplication.status == "pending", BadgeApplication.student_id != user.id)
        .options(selectinload(BadgeApplication.badge), selectinload(BadgeApplication.student))
        .order_by(BadgeApplication.created_at)
    )
    if not user.can(Capability.ADMINISTER):
        query = query.where(BadgeApplication.student_id.in_(access.taught_student_ids(user)))
    return list(session.scalars(query))
