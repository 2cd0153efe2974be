"""Builders for people, classes and invites in tests."""

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
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


def _quest(session, kind: str, owner: User, steps, title: str, xp: int, **fields):
    from quests.quest_models import Quest, QuestStep

    quest = Quest(
        kind=kind,
        title=title,
        description=fields.pop("description", "Tee **parhaasi**."),
        xp=xp,
        owner=owner,
        **fields,
    )
    for position, (step_title, evidence) in enumerate(steps):
        quest.steps.append(QuestStep(position=position, title=step_title, evidence=evidence))
    session.add(quest)
    session.flush()
    return quest


def challenge(
    session, owner: User, cohort: Cohort | None = None, steps=(("Kerro", "text"),), **fields
):
    title = fields.pop("title", f"Haaste {next(_serial)}")
    xp = fields.pop("xp", 50)
    return _quest(session, "challenge", owner, steps, title, xp, cohort=cohort, **fields)


def goal(session, owner: User, student: User, steps=(("Kuvaa työsi", "text"),), **fields):
    """A plan goal for a student (without a full plan: the quest is what matters here)."""
    title = fields.pop("title", f"Tavoite {next(_serial)}")
    xp = fields.pop("xp", 60)
    return _quest(session, "plan_goal", owner, steps, title, xp, student=student, **fields)


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
    from webapp import storage
    from webapp.badges import images as badge_images

    image_name, image_type = fields.pop("image", None) or (
        storage.write(_badge_png(), "png", badge_images.AREA),
        badge_images.PNG,
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


def select_awards(recipient_id: int):
    """The public ids of a person's awards, newest first."""
    from sqlalchemy import select

    from quests.badge_models import BadgeAward

    return (
        select(BadgeAward.public_id)
        .where(BadgeAward.recipient_id == recipient_id)
        .order_by(BadgeAward.id.desc())
    )


# --- the entrepreneur community ----------------------------------------------


def application(session, email: str | None = None, **fields):
    """An entrepreneur's application and the token of its status link."""
    from quests import community

    n = next(_serial)
    data = community.ApplicationInput(
        name=fields.pop("name", f"Yrittäjä {n}"),
        email=email or f"yrittaja{n}@yritys.example",
        business_name=fields.pop("business_name", f"Yritys {n} Oy"),
        sector=fields.pop("sector", "Kahvila"),
        stage=fields.pop("stage", "new"),
        expectations=fields.pop("expectations", "Tiloja ja verkostoja."),
        needs=fields.pop("needs", ["premises", "service_design"]),
        cooperation=fields.pop("cooperation", "Opiskelijat voivat suunnitella palvelun."),
    )
    return community.submit_application(
        session, data=data, user=fields.pop("user", None), locale="fi", now=datetime.now(UTC)
    )


def project(session, owner: User, milestones: int = 2, team=(), applicants=(), **fields):
    """A community project with milestones (text evidence), accepted team members and
    applicants."""
    from quests import projects
    from quests.community_models import MemberStatus, ProjectMember

    n = next(_serial)
    now = datetime.now(UTC)
    data = projects.ProjectInput(
        title=fields.pop("title", f"Projekti {n}"),
        need=fields.pop("need", "service_design"),
        description=fields.pop("description", "Todellinen tarve."),
        skills=fields.pop("skills", "valokuvaus"),
        team_size=fields.pop("team_size", 3),
    )
    made = projects.create_project(
        session,
        actor=owner,
        data=data,
        milestones=[
            projects.MilestoneInput(title=f"Välitavoite {i + 1}", evidence="text", xp=40)
            for i in range(milestones)
        ],
        now=now,
        teacher=fields.pop("teacher", None),
    )
    for student in team:
        session.add(
            ProjectMember(
                project_id=made.id,
                user_id=student.id,
                status=MemberStatus.ACCEPTED,
                accepted_at=now,
            )
        )
    for student in applicants:
        session.add(ProjectMember(project_id=made.id, user_id=student.id, message="Haluan mukaan"))
    session.flush()
    return made


@cache
def _badge_png() -> bytes:
    """A small badge image, drawn once for the whole test run."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 64), (11, 92, 75)).save(out, "PNG")
    return out.getvalue()
