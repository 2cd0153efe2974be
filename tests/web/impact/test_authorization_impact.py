"""Who may reach /impact and its CSV tables: administrators and teachers."""

import pytest

from tests.web.matrix import FORBIDDEN, LOGIN, OK, cast, request_as

ROLES = ["anonymous", "student", "teacher", "employer", "admin"]
TEACHERS = {**dict.fromkeys(ROLES, FORBIDDEN), "anonymous": LOGIN, "teacher": OK, "admin": OK}

MATRIX = [
    ("GET", "/impact", None, TEACHERS),
    ("GET", "/impact/active-students.csv", None, TEACHERS),
]

# The CSV route is /impact/<slug>.csv: its prefix is /impact.
COVERED = {(method, path.split("{")[0].rstrip("/")) for method, path, _, _ in MATRIX}


@pytest.fixture
def world(data):
    with data() as session:
        people = cast(session)
        return {name: person.email for name, person in people.items()}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "form", "expected"), MATRIX, ids=lambda v: str(v)[:36])
def test_route_access(app, world, role, method, path, form, expected):
    email = None if role == "anonymous" else world[role]
    assert request_as(app, email, method, path, form, {}) == expected[role]
