"""Builders for people, classes and invites in tests."""

from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import count

from quests import accounts
from quests.models import Cohort, CohortMembership, User  # noqa: F401 - User for tests
from quests.passwords import hash_password
from quests.roles import Role

PASSWORD = "correct-horse-battery"
# Argon2 is slow on purpose; tests hash this password once.
_PASSWORD_HASH = hash_password(PASSWORD)
_serial = count(1)


@dataclass(frozen=True)
class Person:
    id: int
    email: str
    password: str


def user(session, *roles: str, email: str | None = None, name: str | None = None, **fields) -> User:
    n = next(_serial)
    person = User(
        email=email or f"person{n}@test.polku.fi",
        name=name or f"Testi Henkilö {n}",
        password_hash=_PASSWORD_HASH,
        **fields,
    )
    for role in roles:
        person.add_role(Role(role))
    session.add(person)
    session.flush()
    return person


def cohort(session, teacher: User | None = None, students=(), name: str | None = None) -> Cohort:
    n = next(_serial)
    group = Cohort(name=name or f"Ryhmä {n}", join_code=f"CODE{n:04d}")
    session.add(group)
    if teacher is not None:
        group.memberships.append(CohortMembership(user=teacher, kind="teacher"))
    for student in students:
        group.memberships.append(CohortMembership(user=student, kind="student"))
    session.flush()
    return group


def invite(session, admin: User, email: str, roles=(Role.TEACHER,), now=None):
    return accounts.create_invite(
        session, admin=admin, email=email, roles=roles, now=now or datetime.now(UTC)
    )
