"""Builders for people, classes and invites in tests."""

from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import count

from quests import accounts
from quests.models import Cohort, CohortMembership, User  # noqa: F401 - re-exported for tests
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


def challenge(
    session, owner: User, cohort: Cohort | None = None, steps=(("Kerro", "text"),), **fields
):
    from quests.quest_models import Quest, QuestStep

    n = next(_serial)
    quest = Quest(
        kind="challenge",
        title=fields.pop("title", f"Haaste {n}"),
        description=fields.pop("description", "Tee **parhaasi**."),
        xp=fields.pop("xp", 50),
        owner=owner,
        cohort=cohort,
        **fields,
    )
    for position, (title, kind) in enumerate(steps):
        quest.steps.append(QuestStep(position=position, title=title, evidence=kind))
    session.add(quest)
    session.flush()
    return quest


def goal(session, owner: User, student: User, steps=(("Kuvaa työsi", "text"),), **fields):
    """A plan goal for a student (without a full plan: the quest is what matters here)."""
    from quests.quest_models import Quest, QuestStep

    n = next(_serial)
    quest = Quest(
        kind="plan_goal",
        title=fields.pop("title", f"Tavoite {n}"),
        description=fields.pop("description", ""),
        xp=fields.pop("xp", 60),
        owner=owner,
        student=student,
        **fields,
    )
    for position, (title, kind) in enumerate(steps):
        quest.steps.append(QuestStep(position=position, title=title, evidence=kind))
    session.add(quest)
    session.flush()
    return quest


def submitted(session, quest, student: User, text: str = "Tein sen.", now=None):
    """Accept and submit a quest with text evidence for every step."""
    from quests import lifecycle

    now = now or datetime.now(UTC)
    attempt = lifecycle.accept(session, actor=student, quest=quest, now=now)
    items = [
        lifecycle.EvidenceItem(step_id=step.id, kind=step.evidence, text=text)
        for step in quest.steps
    ]
    return lifecycle.submit(session, actor=student, attempt=attempt, items=items, now=now)


def badge_class(session, creator: User, **fields):
    """A badge class with a small generated PNG image (needs an app context for MEDIA_ROOT)."""
    from quests import badges
    from webapp import badge_images

    image_name, image_type = fields.pop("image", None) or badge_images.generate(
        fields.get("name", "Merkki"), "#0b5c4b"
    )
    return badges.create_class(
        session,
        actor=creator,
        name=fields.pop("name", f"Merkki {next(_serial)}"),
        description=fields.pop("description", "Osaa asiakaspalvelun perusteet."),
        criteria=fields.pop("criteria", "Hyväksytty **asiakaspalvelutehtävä**."),
        image_name=image_name,
        image_type=image_type,
        tags=fields.pop("tags", ["asiakaspalvelu"]),
        valid_days=fields.pop("valid_days", None),
        allow_repeats=fields.pop("allow_repeats", False),
        open_for_applications=fields.pop("open_for_applications", True),
        alignment=fields.pop("alignment", None),
        rules=fields.pop("rules", []),
    )
