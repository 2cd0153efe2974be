"""Who may reach the data page, the export download, account deletion and an administrator's
deletion on request. An export is its owner's only: for anyone else it does not exist."""

from datetime import UTC, datetime, timedelta

import pytest

from quests.privacy_models import DataExport
from tests import factories
from tests.web.matrix import FORBIDDEN, LOGIN, OK, cast, covered
from webapp import storage

ROLES = ["anonymous", "student", "teacher", "employer", "admin"]
SIGNED_IN = {**dict.fromkeys(ROLES, OK), "anonymous": LOGIN}
ADMINS = {**dict.fromkeys(ROLES, FORBIDDEN), "anonymous": LOGIN, "admin": OK}

MATRIX = [
    ("GET", "/settings/data", None, SIGNED_IN),
    ("POST", "/settings/data/export", {}, SIGNED_IN),
    ("GET", "/settings/data/exports/{export_id}", None, SIGNED_IN),
    ("POST", "/settings/data/delete", {"password": factories.PASSWORD}, SIGNED_IN),
    ("GET", "/admin/accounts/delete", None, ADMINS),
    ("POST", "/admin/accounts/leave", {"left-email": "{other_email}"}, ADMINS),
    (
        "POST",
        "/admin/accounts/delete",
        {"email": "{other_email}", "request_note": "Puhelu", "password": factories.PASSWORD},
        ADMINS,
    ),
]

COVERED = covered(MATRIX)


def _world(session):
    """Everyone in the cast, each with a ready export of their own."""
    people = cast(session)
    exports = {}
    for name, person in people.items():
        stored = storage.write(b"PK\x05\x06" + bytes(18), "zip", "exports")
        now = datetime.now(UTC)
        export = DataExport(
            user_id=person.id,
            status="ready",
            stored_name=stored,
            size_bytes=22,
            requested_at=now,
            expires_at=now + timedelta(hours=24),
        )
        session.add(export)
        session.flush()
        exports[name] = export.id
    emails = {name: person.email for name, person in people.items()}
    return emails, exports


@pytest.fixture
def world(data):
    with data() as session:
        return _world(session)


@pytest.mark.parametrize("role", ROLES)
def test_route_access(walk, role):
    with walk.setup() as session:
        emails, exports = _world(session)
    email = None if role == "anonymous" else emails[role]
    values = {
        "export_id": exports["student" if role == "anonymous" else role],
        "other_email": emails["other_student"],
    }
    assert walk.as_role(MATRIX, role, email, values) == []


def test_someone_elses_export_does_not_exist_for_you(app, world):
    from tests.conftest import log_in

    emails, exports = world
    client = app.test_client()
    log_in(client, emails["teacher"])
    with client.get(f"/settings/data/exports/{exports['student']}") as response:
        assert response.status_code == 404
    with client.get(f"/settings/data/exports/{exports['admin']}") as response:
        assert response.status_code == 404
