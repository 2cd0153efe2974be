"""Who may reach the accessibility statement, its feedback form and the admin queue."""

from datetime import UTC, datetime

import pytest

from quests import accessibility_feedback as feedback
from tests.web.matrix import FORBIDDEN, LOGIN, OK, cast, covered

ROLES = ["anonymous", "student", "teacher", "employer", "admin"]
EVERYONE = dict.fromkeys(ROLES, OK)
ADMINS = {**dict.fromkeys(ROLES, FORBIDDEN), "anonymous": LOGIN, "admin": OK}

MATRIX = [
    ("GET", "/accessibility", None, EVERYONE),
    ("GET", "/accessibility/feedback", None, EVERYONE),
    (
        "POST",
        "/accessibility/feedback",
        {"email": "lukija@example.fi", "message": "Kontrasti on heikko."},
        EVERYONE,
    ),
    ("GET", "/accessibility/feedback/queue", None, ADMINS),
    (
        "POST",
        "/accessibility/feedback/{feedback_id}/reply",
        {"reply-{feedback_id}-reply": "Korjattu, kiitos."},
        ADMINS,
    ),
    ("GET", "/privacy", None, EVERYONE),
]

COVERED = covered(MATRIX)


@pytest.mark.parametrize("role", ROLES)
def test_route_access(walk, role):
    with walk.setup() as session:
        people = cast(session)
        sent = feedback.submit(
            session,
            data=feedback.FeedbackInput("", "a@example.fi", "", "Fokus ei näy.", "fi"),
            now=datetime.now(UTC),
        )
        email = None if role == "anonymous" else people[role].email
        values = {"feedback_id": sent.id}
    assert walk.as_role(MATRIX, role, email, values) == []
