"""Who may reach the accessibility statement, its feedback form and the admin queue."""

from datetime import UTC, datetime

import pytest

from quests import accessibility_feedback as feedback
from tests.web.matrix import FORBIDDEN, LOGIN, OK, cast, request_as

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

COVERED = {(method, path.split("{")[0].rstrip("/")) for method, path, _, _ in MATRIX}


@pytest.fixture
def world(data):
    with data() as session:
        people = cast(session)
        sent = feedback.submit(
            session,
            data=feedback.FeedbackInput("", "a@example.fi", "", "Fokus ei näy.", "fi"),
            now=datetime.now(UTC),
        )
        return {name: person.email for name, person in people.items()}, {"feedback_id": sent.id}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "form", "expected"), MATRIX, ids=lambda v: str(v)[:36])
def test_route_access(app, world, role, method, path, form, expected):
    emails, values = world
    email = None if role == "anonymous" else emails[role]
    assert request_as(app, email, method, path, form, values) == expected[role]
