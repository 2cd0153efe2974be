"""Accessibility feedback: anyone may send it; an administrator replies within 14 days,
as the Act on the Provision of Digital Services (306/2019, section 15) asks."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from quests.clock import helsinki_day
from quests.errors import N_, Conflict, InvalidInput, NotAllowed, NotFound
from quests.feedback_models import AccessibilityFeedback
from quests.models import User
from quests.roles import Capability

REPLY_DAYS = 14
# The admin home lists messages whose reply is due within this many days, or overdue.
NEAR_DUE_DAYS = 3
# No 0/O or 1/I: a reference is read out on the phone.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class FeedbackInput:
    name: str
    email: str
    page: str
    message: str
    locale: str


def new_reference() -> str:
    return "SA-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def submit(session: Session, *, data: FeedbackInput, now: datetime) -> AccessibilityFeedback:
    message = data.message.strip()
    if not message:
        raise InvalidInput(N_("Tell us what was hard to use."), field="message")
    feedback = AccessibilityFeedback(
        reference=new_reference(),
        name=data.name.strip()[:120],
        email=data.email.strip()[:254],
        page=data.page.strip()[:500],
        message=message,
        locale=data.locale,
        received_at=now,
        reply_due_on=helsinki_day(now) + timedelta(days=REPLY_DAYS),
    )
    session.add(feedback)
    session.flush()
    return feedback


def _require_admin(actor: User) -> None:
    if not actor.can(Capability.ADMINISTER):
        raise NotAllowed()


def queue(session: Session, *, actor: User) -> list[AccessibilityFeedback]:
    """Every message, those waiting for a reply first, the most urgent at the top."""
    _require_admin(actor)
    return list(
        session.scalars(
            select(AccessibilityFeedback).order_by(
                AccessibilityFeedback.replied_at.is_not(None),
                AccessibilityFeedback.reply_due_on,
                AccessibilityFeedback.id,
            )
        )
    )


def near_or_past_due(session: Session, *, actor: User, today: date) -> list[AccessibilityFeedback]:
    _require_admin(actor)
    return list(
        session.scalars(
            select(AccessibilityFeedback)
            .where(
                AccessibilityFeedback.replied_at.is_(None),
                AccessibilityFeedback.reply_due_on <= today + timedelta(days=NEAR_DUE_DAYS),
            )
            .order_by(AccessibilityFeedback.reply_due_on, AccessibilityFeedback.id)
        )
    )


def reply(
    session: Session, *, actor: User, feedback_id: int, text: str, now: datetime
) -> AccessibilityFeedback:
    _require_admin(actor)
    feedback = session.get(AccessibilityFeedback, feedback_id)
    if feedback is None:
        raise NotFound()
    if feedback.replied_at is not None:
        raise Conflict(N_("This message has already been answered."))
    if not text.strip():
        raise InvalidInput(N_("Write the reply."), field="reply")
    feedback.reply = text.strip()
    feedback.replied_at = now
    feedback.replied_by_id = actor.id
    session.flush()
    return feedback


def days_left(feedback: AccessibilityFeedback, today: date) -> int:
    return (feedback.reply_due_on - today).days
