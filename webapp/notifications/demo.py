"""A few believable inbox messages for the demo people (safe to run again)."""

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from quests.clock import utcnow
from quests.models import User
from quests.notification_models import Notification

# (email, kind, params, url, how long ago, already read)
MESSAGES = [
    (
        "aino.virtanen@demo.polku.fi",
        "quest_reviewed",
        {"quest": "Asiakaspalvelu Ison Omenan kahvilassa"},
        "/notifications",
        timedelta(hours=3),
        False,
    ),
    (
        "aino.virtanen@demo.polku.fi",
        "badge_awarded",
        {"badge": "Tiimipelaaja"},
        "/notifications",
        timedelta(days=1, hours=2),
        False,
    ),
    (
        "aino.virtanen@demo.polku.fi",
        "deadline_tomorrow",
        {"quest": "Verkkosivun saavutettavuustarkistus"},
        "/notifications",
        timedelta(days=2),
        True,
    ),
    (
        "jari.makinen@demo.polku.fi",
        "judging_assigned",
        {"competition": "Kesätyö-CV 2026"},
        "/notifications",
        timedelta(hours=20),
        False,
    ),
]


def seed_notifications(session: Session) -> None:
    now = utcnow()
    emails = {email for email, *_ in MESSAGES}
    people = {
        user.email: user for user in session.scalars(select(User).where(User.email.in_(emails)))
    }
    # Only for people with an empty inbox, so running the seed again adds nothing.
    has_inbox = set(
        session.scalars(
            select(Notification.user_id)
            .where(Notification.user_id.in_([user.id for user in people.values()]))
            .distinct()
        )
    )
    for email, kind, params, url, ago, read in MESSAGES:
        user = people.get(email)
        if user is None or user.id in has_inbox:
            continue
        session.add(
            Notification(
                user_id=user.id,
                kind=kind,
                params=params,
                url=url,
                created_at=now - ago,
                read_at=now - ago + timedelta(hours=1) if read else None,
            )
        )
    session.flush()
