"""Learning plans: the teacher writes them with the student; the student reads and comments."""

import pytest
from sqlalchemy import func, select

from quests.plan_models import LearningPlan, WorkPeriod
from quests.quest_models import Quest
from tests import factories
from tests.conftest import log_in, page_token


@pytest.fixture
def people(data):
    with data() as session:
        teacher = factories.user(session, "teacher")
        student = factories.user(session, "student", name="Veera Koskinen")
        factories.cohort(session, teacher=teacher, students=[student])
        return {"teacher": teacher.email, "student": student.email, "student_id": student.id}


def _post(client, path, form_page, **fields):
    return client.post(path, data={"csrf_token": page_token(client, form_page), **fields})


def test_teacher_writes_a_plan_and_the_student_sees_it(app, data, people):
    teacher = app.test_client()
    log_in(teacher, people["teacher"])
    sid = people["student_id"]
    page = f"/plans/{sid}"
    assert "Opiskelijalla ei ole vielä suunnitelmaa" in teacher.get(page).get_data(as_text=True)
    assert (
        _post(
            teacher,
            page,
            page,
            qualification="Tieto- ja viestintätekniikan perustutkinto",
            qualification_code="341101",
            support_needs="Lisäaikaa kokeisiin.",
        ).status_code
        == 303
    )
    assert (
        _post(
            teacher,
            f"{page}/units",
            page,
            code="106962",
            name="Tietokoneen ja oheislaitteiden käyttöönotto",
            points="15",
        ).status_code
        == 303
    )
    with data() as session:
        unit_id = session.scalar(select(LearningPlan)).units[0].id
    response = _post(
        teacher,
        f"{page}/goals",
        page,
        unit=str(unit_id),
        title="Asenna ja konfiguroi työasema",
        description="Asenna käyttöjärjestelmä ja ohjelmat.",
        acquisition="work_based",
        xp="80",
        **{"steps-0-title": "Kuva valmiista työpisteestä", "steps-0-evidence": "photo"},
    )
    assert response.status_code == 303
    assert (
        _post(
            teacher,
            f"{page}/periods",
            page,
            workplace="Espoon IT-tuki Oy",
            supervisor="Heikki Salo",
            starts_on="2027-01-10",
            ends_on="2027-03-20",
            hours_per_week="30",
        ).status_code
        == 303
    )
    assert (
        _post(
            teacher,
            f"{page}/demonstrations",
            page,
            description="Työaseman käyttöönotto asiakkaalle",
            unit=str(unit_id),
            place="Espoon IT-tuki Oy",
            planned_on="2027-03-15",
        ).status_code
        == 303
    )

    student = app.test_client()
    log_in(student, people["student"])
    plan = student.get("/plan").get_data(as_text=True)
    for text in (
        "Tieto- ja viestintätekniikan perustutkinto",
        "Asenna ja konfiguroi työasema",
        "Espoon IT-tuki Oy",
        "Heikki Salo",
        "Lisäaikaa kokeisiin.",
        "0/1 tavoitetta hyväksytty",
    ):
        assert text in plan
    assert "Muokkaa suunnitelmaa" not in plan
    quests = student.get("/quests?tab=plan").get_data(as_text=True)
    assert "Asenna ja konfiguroi työasema" in quests


def test_the_student_comments_but_cannot_edit(app, data, people):
    teacher = app.test_client()
    log_in(teacher, people["teacher"])
    page = f"/plans/{people['student_id']}"
    _post(teacher, page, page, qualification="Liiketoiminnan perustutkinto")
    student = app.test_client()
    log_in(student, people["student"])
    own = f"/plans/{people['student_id']}"
    assert _post(student, own, "/plan", qualification="Oma tutkinto").status_code == 403
    assert _post(student, f"{own}/comments", "/plan", body="").status_code == 422
    response = _post(student, f"{own}/comments", "/plan", body="Haluaisin jakson kahvilassa.")
    assert response.status_code == 303
    assert "Haluaisin jakson kahvilassa." in teacher.get(page).get_data(as_text=True)


def test_bad_plan_input_is_refused_and_nothing_is_saved(app, data, people):
    teacher = app.test_client()
    log_in(teacher, people["teacher"])
    page = f"/plans/{people['student_id']}"
    assert _post(teacher, f"{page}/units", page, code="1", name="x", points="5").status_code == 409
    _post(teacher, page, page, qualification="Liiketoiminnan perustutkinto")
    assert _post(teacher, f"{page}/units", page, code="1", name="x", points="0").status_code == 422
    period = {
        "workplace": "Kahvila Kaneli",
        "supervisor": "Laura Nieminen",
        "starts_on": "2027-05-01",
        "ends_on": "2027-04-01",
        "hours_per_week": "20",
    }
    response = _post(teacher, f"{page}/periods", page, **period)
    assert response.status_code == 422
    assert "Päättymispäivän on oltava" in response.get_data(as_text=True)
    goal = {"unit": "999999", "title": "x", "acquisition": "school", "xp": "50"}
    goal.update({"steps-0-title": "x", "steps-0-evidence": "text"})
    assert _post(teacher, f"{page}/goals", page, **goal).status_code == 422
    with data() as session:
        assert session.scalar(select(func.count()).select_from(WorkPeriod)) == 0
        assert session.scalar(select(func.count()).select_from(Quest)) == 0


def test_another_teacher_and_students_cannot_read_the_plan(app, people, make_user):
    page = f"/plans/{people['student_id']}"
    for roles in (("teacher",), ("student",), ("employer",), ("entrepreneur",)):
        client = app.test_client()
        log_in(client, make_user(*roles).email)
        assert client.get(page).status_code == 403
    admin = app.test_client()
    log_in(admin, make_user("admin").email)
    assert admin.get(page).status_code == 200
    assert app.test_client().get(page).status_code == 302
    assert admin.get("/plans/999999").status_code == 404
