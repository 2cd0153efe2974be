"""Who may reach the community's routes: every route, every role of the issue.

Roles: anonymous, an applicant (signed in, their application waiting), the project's
entrepreneur, another entrepreneur, a student in the team, a student outside it, the
teacher linked to the project, and an administrator.
"""

from datetime import UTC, datetime

import pytest

from quests import community, lifecycle
from tests import factories
from tests.web.matrix import CONFLICT, FORBIDDEN, LOGIN, OK, covered

ROLES = [
    "anonymous",
    "applicant",
    "entrepreneur",
    "other_entrepreneur",
    "team_student",
    "outside_student",
    "teacher",
    "admin",
]


def allowed(*roles, **special):
    outcome = {role: OK if role in roles else FORBIDDEN for role in ROLES}
    return outcome | {"anonymous": LOGIN} | special


EVERYONE = dict.fromkeys(ROLES, OK)
SIGNED_IN = allowed(*ROLES[1:])
MANAGERS = allowed("entrepreneur", "teacher", "admin")
POSTERS = allowed("entrepreneur", "other_entrepreneur", "teacher", "admin")
APPLICATION = {
    "name": "Uusi Yrittäjä",
    "email": "uusi@yritys.example",
    "business_name": "Uusi Oy",
    "sector": "Kukkakauppa",
    "stage": "idea",
    "expectations": "Verkostoja",
    "cooperation": "Kukkasidonnan työpaja",
}
PROJECT = {
    "title": "Uusi projekti",
    "need": "marketing",
    "team_size": "3",
    "entrepreneur": "{entrepreneur}",
    "milestones-0-title": "Suunnitelma",
    "milestones-0-evidence": "text",
    "milestones-0-xp": "50",
}
DETAILS = {"title": "Muokattu", "need": "marketing", "team_size": "3"}

# (method, path, form, who may)
MATRIX = [
    ("GET", "/community", None, SIGNED_IN),
    ("GET", "/community/apply", None, EVERYONE),
    ("POST", "/community/apply", APPLICATION, EVERYONE),
    ("GET", "/community/applications/status/{token}", None, EVERYONE),
    ("POST", "/community/applications/status/{asked_token}", {"reply": "Tässä"}, EVERYONE),
    ("GET", "/community/applications", None, allowed("admin")),
    ("POST", "/community/applications/{application}/accept", {}, allowed("admin")),
    ("POST", "/community/applications/{to_ask}/ask", {"message": "Miksi?"}, allowed("admin")),
    (
        "POST",
        "/community/applications/{to_decline}/decline",
        {"message": "Ei tilaa."},
        allowed("admin"),
    ),
    ("GET", "/community/projects", None, SIGNED_IN),
    ("GET", "/community/projects/new", None, POSTERS),
    ("POST", "/community/projects/new", PROJECT, POSTERS),
    ("GET", "/community/projects/{project}", None, SIGNED_IN),
    ("GET", "/community/projects/{project}/edit", None, MANAGERS),
    ("POST", "/community/projects/{project}/edit", DETAILS, MANAGERS),
    (
        "POST",
        "/community/projects/{project}/milestones",
        {"title": "Lisätavoite", "evidence": "link", "xp": "30"},
        MANAGERS,
    ),
    (
        "POST",
        "/community/projects/{project}/join",
        {"message": "Haluan mukaan"},
        allowed("outside_student", team_student=CONFLICT),
    ),
    ("POST", "/community/projects/{project}/members/{waiting}/accept", {}, MANAGERS),
    (
        "POST",
        "/community/projects/{done}/testimonial",
        {"testimonial": "Upea tiimi!"},
        allowed("entrepreneur"),
    ),
    ("GET", "/community/leaderboard", None, SIGNED_IN),
    (
        "POST",
        "/community/leaderboard/preference",
        {"opted_in": "y", "display_name": "Kettu"},
        SIGNED_IN,
    ),
    (
        "POST",
        "/community/leaderboard/{cohort}/mode",
        {"mode": "around"},
        allowed("teacher", "admin"),
    ),
]
COVERED = covered(MATRIX)


@pytest.mark.parametrize("role", ROLES)
def test_route_access(walk, role):
    """One world and one sign-in per role, walking every route."""
    now = datetime.now(UTC)
    with walk.setup() as session:
        admin = factories.user(session, "admin")
        teacher = factories.user(session, "teacher")
        owner = factories.user(session, "entrepreneur")
        team_student = factories.user(session, "student")
        outside = factories.user(session, "student")
        waiting = factories.user(session, "student")
        cohort = factories.cohort(session, teacher=teacher, students=[team_student, outside])
        people = {
            "applicant": factories.user(session),
            "entrepreneur": owner,
            "other_entrepreneur": factories.user(session, "entrepreneur"),
            "team_student": team_student,
            "outside_student": outside,
            "teacher": teacher,
            "admin": admin,
        }
        factories.project(session, people["other_entrepreneur"])
        project = factories.project(
            session, owner, team=[team_student], applicants=[waiting], teacher=teacher
        )
        done = factories.project(session, owner, milestones=1, team=[team_student])
        submission = factories.submitted(session, done.milestones[0], team_student, now=now)
        lifecycle.approve(session, actor=owner, submission=submission, feedback="", now=now)
        application, token = factories.application(session, user=people["applicant"])
        to_ask, _ = factories.application(session)
        to_decline, _ = factories.application(session)
        asked, _ = factories.application(session)
        _, asked_token = community.ask_for_information(
            session, actor=admin, application_id=asked.id, question="Kerro lisää", now=now
        )
        values = {
            "token": token,
            "asked_token": asked_token,
            "application": application.id,
            "to_ask": to_ask.id,
            "to_decline": to_decline.id,
            "project": project.id,
            "done": done.id,
            "waiting": waiting.id,
            "entrepreneur": owner.id,
            "cohort": cohort.id,
        }
        email = None if role == "anonymous" else people[role].email
    assert walk.as_role(MATRIX, role, email, values) == []
