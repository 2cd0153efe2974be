"""Who may reach /impact and its CSV tables: administrators and teachers."""

import pytest

from tests.web.matrix import FORBIDDEN, LOGIN, OK, cast, covered

ROLES = ["anonymous", "student", "teacher", "employer", "admin"]
TEACHERS = {**dict.fromkeys(ROLES, FORBIDDEN), "anonymous": LOGIN, "teacher": OK, "admin": OK}

MATRIX = [
    ("GET", "/impact", None, TEACHERS),
    ("GET", "/impact/active-students.csv", None, TEACHERS),
]

COVERED = covered(MATRIX)


@pytest.mark.parametrize("role", ROLES)
def test_route_access(walk, role):
    with walk.setup() as session:
        people = cast(session)
        email = None if role == "anonymous" else people[role].email
    assert walk.as_role(MATRIX, role, email, {}) == []
