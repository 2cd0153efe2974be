"""Who may reach the core loop's routes: quests, evidence, review and plans.

No one reads another student's plan or evidence.
"""

import io

import pytest
from PIL import Image

from quests import lifecycle, plans
from quests.lifecycle import EvidenceItem
from tests import factories
from tests.web.matrix import FORBIDDEN, LOGIN, OK, cast, request_as
from webapp import storage

ROLES = ["anonymous", "student", "other_student", "other_teacher", "teacher", "employer", "admin"]


def allowed(*roles):
    return {role: OK if role in roles else FORBIDDEN for role in ROLES} | {"anonymous": LOGIN}


SIGNED_IN = allowed(*ROLES[1:])
STEP = {"steps-0-title": "Kerro", "steps-0-evidence": "text"}

# (method, path, form, who may); {goal}, {fresh}, {evidence}, {submission}, {student}, {unit}
MATRIX = [
    ("GET", "/quests", None, SIGNED_IN),
    ("GET", "/quests/{goal}", None, allowed("student", "teacher", "admin")),
    ("POST", "/quests/{fresh}/accept", {}, allowed("student")),
    ("POST", "/quests/{goal}/submit", {"step-{step}": "Valmis"}, allowed("student")),
    ("GET", "/evidence/{evidence}", None, allowed("student", "teacher", "admin")),
    ("GET", "/quests/new", None, allowed("teacher", "other_teacher", "admin")),
    (
        "POST",
        "/quests/new",
        {"cohort": "all", "title": "Haaste", "xp": "30", **STEP},
        allowed("teacher", "other_teacher", "admin"),
    ),
    ("GET", "/review", None, allowed("teacher", "other_teacher", "admin")),
    ("POST", "/review/{submission}/approve", {}, allowed("teacher", "admin")),
    (
        "POST",
        "/review/{submission}/return",
        {"feedback": "Lisää kuva."},
        allowed("teacher", "admin"),
    ),
    ("GET", "/plan", None, SIGNED_IN),
    ("GET", "/plans/{student}", None, allowed("student", "teacher", "admin")),
    (
        "POST",
        "/plans/{student}",
        {"qualification": "Liiketoiminnan perustutkinto"},
        allowed("teacher", "admin"),
    ),
    (
        "POST",
        "/plans/{student}/units",
        {"code": "106962", "name": "Asiakaspalvelu", "points": "15"},
        allowed("teacher", "admin"),
    ),
    (
        "POST",
        "/plans/{student}/goals",
        {"unit": "{unit}", "title": "Tavoite", "acquisition": "school", "xp": "50", **STEP},
        allowed("teacher", "admin"),
    ),
    (
        "POST",
        "/plans/{student}/periods",
        {
            "workplace": "Kahvila Kaneli",
            "supervisor": "Laura Nieminen",
            "starts_on": "2027-01-10",
            "ends_on": "2027-02-10",
            "hours_per_week": "25",
        },
        allowed("teacher", "admin"),
    ),
    (
        "POST",
        "/plans/{student}/demonstrations",
        {"description": "Asiakaspalvelunäyttö", "unit": "{unit}", "place": "Kahvila Kaneli"},
        allowed("teacher", "admin"),
    ),
    (
        "POST",
        "/plans/{student}/comments",
        {"body": "Hyvä suunnitelma"},
        allowed("student", "teacher", "admin"),
    ),
]
COVERED = {(method, path.split("{")[0].rstrip("/")) for method, path, _, _ in MATRIX}


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 50, 50)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def world(app, data):
    from datetime import UTC, datetime

    from werkzeug.datastructures import FileStorage

    now = datetime.now(UTC)
    with data() as session:
        people = cast(session)
        teacher, student = people["teacher"], people["student"]
        goal = factories.goal(session, teacher, student)
        lifecycle.accept(session, actor=student, quest=goal, now=now)
        fresh = factories.goal(session, teacher, student)
        photo_quest = factories.goal(session, teacher, student, steps=[("Kuva", "photo")])
        saved = storage.save(FileStorage(io.BytesIO(_photo()), "kuva.jpg"), "photo")
        attempt = lifecycle.accept(session, actor=student, quest=photo_quest, now=now)
        item = EvidenceItem(
            step_id=photo_quest.steps[0].id,
            kind="photo",
            stored_name=saved.stored_name,
            original_name="kuva.jpg",
            content_type=saved.content_type,
            size_bytes=saved.size_bytes,
        )
        submission = lifecycle.submit(
            session, actor=student, attempt=attempt, items=[item], now=now
        )
        plan = plans.save_plan(
            session,
            actor=teacher,
            student=student,
            qualification="Liiketoiminnan perustutkinto",
            qualification_code=None,
            support_needs="",
            now=now,
        )
        unit = plans.add_unit(session, actor=teacher, plan=plan, code="1", name="Osa", points=10)
        values = {
            "goal": goal.id,
            "step": goal.steps[0].id,
            "fresh": fresh.id,
            "evidence": submission.evidence[0].id,
            "submission": submission.id,
            "student": student.id,
            "unit": unit.id,
        }
        return {name: person.email for name, person in people.items()}, values


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "form", "expected"), MATRIX, ids=lambda v: str(v)[:32])
def test_route_access(app, world, role, method, path, form, expected):
    emails, values = world
    email = None if role == "anonymous" else emails[role]
    assert request_as(app, email, method, path, form, values) == expected[role]
