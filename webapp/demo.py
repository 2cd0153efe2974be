"""Demo data for a newcomer: a hub with a class, its students and one account per role.

Running it again creates only what is missing and never changes a password.
"""

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from quests import accounts
from quests.clock import utcnow
from quests.models import Cohort, CohortMembership, Invite, MembershipKind
from quests.roles import Role
from webapp.accessibility.demo import seed_feedback
from webapp.badges.demo import seed_badges
from webapp.community.demo import seed_community
from webapp.competitions.demo import seed_competitions
from webapp.impact.demo import seed_activity
from webapp.learning.demo import seed_learning
from webapp.notifications.demo import seed_notifications
from webapp.privacy.demo import seed_left_student

DEMO_PASSWORD = "polku-demo-2026"  # noqa: S105 - public on purpose: listed in the README

# (role shown in the login list, email, name, roles held)
PEOPLE = [
    ("student", "aino.virtanen@demo.polku.fi", "Aino Virtanen", [Role.STUDENT]),
    ("teacher", "mikko.korhonen@demo.polku.fi", "Mikko Korhonen", [Role.TEACHER]),
    ("entrepreneur", "laura.nieminen@demo.polku.fi", "Laura Nieminen", [Role.ENTREPRENEUR]),
    ("employer", "jari.makinen@demo.polku.fi", "Jari Mäkinen", [Role.EMPLOYER]),
    ("admin", "satu.laine@demo.polku.fi", "Satu Laine", [Role.ADMIN, Role.TEACHER]),
]

CLASSMATES = [
    ("eetu.heikkinen@demo.polku.fi", "Eetu Heikkinen"),
    ("veera.koskinen@demo.polku.fi", "Veera Koskinen"),
    ("onni.jarvinen@demo.polku.fi", "Onni Järvinen"),
    ("emilia.lehtonen@demo.polku.fi", "Emilia Lehtonen"),
]

# (name, join code, teacher's email, students' emails)
COHORTS = [
    (
        "Tieto- ja viestintätekniikka TVT25",
        "ESPOO25",
        "mikko.korhonen@demo.polku.fi",
        [
            "aino.virtanen@demo.polku.fi",
            "eetu.heikkinen@demo.polku.fi",
            "veera.koskinen@demo.polku.fi",
        ],
    ),
    (
        "Liiketalous LT26",
        "OMNIA26",
        "satu.laine@demo.polku.fi",
        ["onni.jarvinen@demo.polku.fi", "emilia.lehtonen@demo.polku.fi"],
    ),
]

PENDING_INVITE = ("tuomas.salonen@lvi-salonen.example", [Role.EMPLOYER])


def _person(session: Session, email: str, name: str, roles: list[Role]):
    user = accounts.get_user_by_email(session, email)
    if user is None:
        user = accounts.create_user(
            session, email=email, name=name, password=DEMO_PASSWORD, roles=roles, locale="fi"
        )
        # Demo addresses are ours: trusted as if their links had been opened.
        user.email_verified_at = utcnow()
    return user


def _cohort(session: Session, name: str, code: str, teacher, students) -> None:
    cohort = session.scalar(select(Cohort).where(Cohort.join_code == code))
    if cohort is None:
        cohort = Cohort(name=name, join_code=code)
        session.add(cohort)
    members = {m.user_id for m in cohort.memberships}
    for user, kind in [
        (teacher, MembershipKind.TEACHER),
        *((s, MembershipKind.STUDENT) for s in students),
    ]:
        if user.id not in members:
            session.add(CohortMembership(cohort=cohort, user=user, kind=kind))
    session.flush()


def seed(session: Session) -> Iterator[tuple[str, str, str]]:
    """Create the demo data; yield (role, email, password) for each demo login."""
    people = {email: _person(session, email, name, roles) for _, email, name, roles in PEOPLE}
    for email, name in CLASSMATES:
        people[email] = _person(session, email, name, [Role.STUDENT])
    session.flush()

    for name, code, teacher_email, student_emails in COHORTS:
        _cohort(session, name, code, people[teacher_email], [people[e] for e in student_emails])
    tvt = session.scalar(select(Cohort).where(Cohort.join_code == COHORTS[0][1]))
    seed_learning(session, people, tvt)
    seed_badges(session, people)

    invite_email, invite_roles = PENDING_INVITE
    if session.scalar(select(Invite).where(Invite.email == invite_email)) is None:
        accounts.create_invite(
            session,
            admin=people["satu.laine@demo.polku.fi"],
            email=invite_email,
            roles=invite_roles,
            now=utcnow(),
        )

    seed_notifications(session)
    seed_competitions(session)
    seed_community(session)
    seed_feedback(session, people["satu.laine@demo.polku.fi"])
    seed_activity(
        session,
        [people["aino.virtanen@demo.polku.fi"], *(people[email] for email, _ in CLASSMATES)],
    )
    seed_left_student(session, DEMO_PASSWORD)

    for role, email, _, _ in PEOPLE:
        yield role, email, DEMO_PASSWORD
