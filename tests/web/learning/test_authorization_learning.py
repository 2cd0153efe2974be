"""Who may reach the core loop's routes: quests, evidence, review and plans.

No one reads another student's plan or evidence.
"""

import io
from datetime import UTC, datetime

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage

from quests import lifecycle, plans
from quests.lifecycle import EvidenceItem
from tests import factories
from tests.web.matrix import AWAY, FORBIDDEN, LOGIN, OK, cast, covered
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
    # A student's own plan lives at /plan; /plans/<their id> sends them there.
    ("GET", "/plans/{student}", None, allowed("teacher", "admin") | {"student": AWAY}),
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
COVERED = covered(MATRIX)


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 50, 50)).save(out, "JPEG")
    return out.getvalue()


@pytest.mark.parametrize("role", ROLES)
def test_route_access(walk, role):
    now = datetime.now(UTC)
    with walk.setup() as session:
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
        email = None if role == "anonymous" else people[role].email
    assert walk.as_role(MATRIX, role, email, values) == []
