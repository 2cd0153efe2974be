"""seed-demo's accessibility feedback: one message whose reply is due in three days (so the
admin's home lists it) and one already answered."""

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from quests import accessibility_feedback as feedback
from quests.clock import utcnow
from quests.feedback_models import AccessibilityFeedback

WAITING = (
    "SA-DEMO2345",
    11,
    "Tuomarin pisteytyslomakkeen virheilmoitusta ei lueta ruudunlukijalla.",
)
ANSWERED = ("SA-DEMO6789", 30, "Tehtäväkortin päivämäärä ei erotu taustasta puhelimella.")


def seed_feedback(session: Session, admin) -> None:
    seeded = select(AccessibilityFeedback.id).where(AccessibilityFeedback.reference == WAITING[0])
    if session.scalar(seeded) is not None:
        return
    now = utcnow()
    for reference, days_ago, message in (WAITING, ANSWERED):
        item = feedback.submit(
            session,
            data=feedback.FeedbackInput(
                "Kalle Lukija", "kalle.lukija@example.fi", "/competitions", message, "fi"
            ),
            now=now - timedelta(days=days_ago),
        )
        item.reference = reference
    answered = session.scalar(
        select(AccessibilityFeedback).where(AccessibilityFeedback.reference == ANSWERED[0])
    )
    feedback.reply(
        session,
        actor=admin,
        feedback_id=answered.id,
        text="Kiitos! Tummensimme päivämäärän värin, ja kontrasti on nyt 7:1.",
        now=now - timedelta(days=25),
    )
