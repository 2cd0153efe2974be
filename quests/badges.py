"""Badges: classes, awarding by hand and by rule, revocation, progress (applications are in
quests/badge_applications.py).

Every award goes through grant(), which relies on the unique `source` so the
same badge is never awarded twice to a student (unless its class allows repeats).
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from quests import access, badge_rules, credentials, status_list
from quests.badge_models import (
    BadgeAward,
    BadgeClass,
    BadgeEvidence,
    BadgeRule,
)
from quests.errors import (
    N_,
    InvalidInput,
    InvalidTransition,
    NotAllowed,
    ReasonRequired,
)
from quests.models import CohortMembership, User, UserRole
from quests.notifications import Kind, notify
from quests.quest_models import AttemptState, Quest, QuestAttempt
from quests.roles import Capability, Role


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


def grant(
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
    # Its bit in the status lists; the 3.0 credential is signed when the award is committed.
    status_list.allocate(session, award)
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
        award = grant(
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
    classes = _classes_with_rules(session)
    sources = {badge.id: f"badge:{badge.id}:user:{student.id}" for badge in classes}
    # Held already: skipped here, so the usual case never hits the unique constraint (and
    # fills no database log with duplicate keys); the constraint still settles a race.
    held = set(
        session.scalars(
            select(BadgeAward.source).where(BadgeAward.source.in_(list(sources.values())))
        )
    )
    awarded = []
    for badge in classes:
        if badge.id in revoked or sources[badge.id] in held:
            continue
        progress = [badge_rules.rule_for(r.kind, r.params).progress(stats) for r in badge.rules]
        if progress and all(badge_rules.is_met(p) for p in progress):
            award = grant(
                session,
                badge=badge,
                student=student,
                awarded_by=None,
                narrative="",
                evidence=[],
                now=now,
                source=sources[badge.id],
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


OPEN_CLASSES_SHOWN = 20


def open_classes(session: Session, student: User, held: set[int]) -> list[BadgeClass]:
    """Badges the student may ask for that matter to them: those made by their own teachers
    or by the hub's administrators, not yet held (unless repeatable), at most a screenful.

    Every open class in the hub made the badge wall 40 KB at the hub's size.
    """
    teachers = select(CohortMembership.user_id).where(
        CohortMembership.kind == "teacher",
        CohortMembership.cohort_id.in_(access.student_cohort_ids(student)),
    )
    admins = select(UserRole.user_id).where(UserRole.role == Role.ADMIN)
    query = select(BadgeClass).where(
        BadgeClass.open_for_applications.is_(True),
        or_(BadgeClass.created_by_id.in_(teachers), BadgeClass.created_by_id.in_(admins)),
    )
    if held:
        query = query.where(or_(BadgeClass.id.not_in(held), BadgeClass.allow_repeats.is_(True)))
    return list(session.scalars(query.order_by(BadgeClass.name).limit(OPEN_CLASSES_SHOWN)))


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


def suspend(session: Session, *, actor: User, award: BadgeAward, now: datetime) -> None:
    """Suspended reads as not valid in the 3.0 status list until it is resumed."""
    if not can_manage_award(session, actor, award):
        raise NotAllowed()
    if award.revoked_at is not None or award.suspended_at is not None:
        raise InvalidTransition()
    award.suspended_at = now
    session.flush()


def resume(session: Session, *, actor: User, award: BadgeAward) -> None:
    if not can_manage_award(session, actor, award):
        raise NotAllowed()
    if award.revoked_at is not None or award.suspended_at is None:
        raise InvalidTransition()
    award.suspended_at = None
    session.flush()


def set_did(session: Session, *, actor: User, did: str) -> None:
    """The DID a student controls, named as the subject of the credentials issued from now on."""
    did = did.strip()
    if did and not credentials.valid_did(did):
        raise InvalidInput(N_("Enter a DID such as did:key:z6Mk… or leave it empty."), field="did")
    actor.did = did or None
    session.flush()


def set_privacy(award: BadgeAward, *, actor: User, hidden: bool, show_name: bool) -> None:
    if award.recipient_id != actor.id:
        raise NotAllowed()
    award.hidden = hidden
    award.show_name = show_name
