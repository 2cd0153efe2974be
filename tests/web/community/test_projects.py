"""Co-creation projects over HTTP: posting, joining the team, milestones and feedback,
and bad input that changes nothing."""

import pytest
from sqlalchemy import func, select

from quests import lifecycle
from quests.community_models import Project, ProjectMember
from quests.quest_models import Quest, Submission, XpEntry
from tests import factories
from tests.conftest import log_in, page_token

NEW = {
    "title": "Kahvilan verkkosivut",
    "need": "website",
    "description": "Uudet **verkkosivut**.",
    "skills": "HTML, valokuvaus",
    "team_size": "2",
    "starts_on": "2027-01-10",
    "ends_on": "2027-03-01",
    "milestones-0-title": "Sivukartta",
    "milestones-0-evidence": "link",
    "milestones-0-xp": "60",
    "milestones-1-title": "Valokuvat",
    "milestones-1-evidence": "text",
    "milestones-1-xp": "40",
}


@pytest.fixture
def hub(data):
    with data() as session:
        teacher = factories.user(session, "teacher")
        owner = factories.user(session, "entrepreneur", name="Laura Nieminen")
        other = factories.user(session, "entrepreneur")
        aino = factories.user(session, "student", name="Aino Virtanen")
        eetu = factories.user(session, "student", name="Eetu Heikkinen")
        veera = factories.user(session, "student", name="Veera Koskinen")
        factories.cohort(session, teacher=teacher, students=[aino, eetu, veera])
        project = factories.project(session, owner, team_size=2, applicants=[aino])
        elsewhere = factories.project(session, other, applicants=[veera])
        return {
            "teacher": teacher.email,
            "owner": owner.email,
            "owner_id": owner.id,
            "other": other.email,
            "aino": aino.email,
            "aino_id": aino.id,
            "eetu": eetu.email,
            "eetu_id": eetu.id,
            "veera": veera.email,
            "veera_id": veera.id,
            "project": project.id,
            "elsewhere": elsewhere.id,
        }


def _post(client, path, form=None, page=None):
    token = page_token(client, page or "/settings/")
    return client.post(path, data={**(form or {}), "csrf_token": token})


def _count(data, model, *where) -> int:
    with data() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def test_an_entrepreneur_posts_a_project_with_milestones(client, data, hub):
    log_in(client, hub["owner"])
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert (
        _post(
            client,
            "/community/projects/new",
            {**NEW, "milestones-0-title": "", "milestones-1-title": ""},
        ).status_code
        == 422
    )
    late = _post(client, "/community/projects/new", {**NEW, "ends_on": "2026-12-01"})
    assert late.status_code == 422 and "end date" in late.get_data(as_text=True)
    assert _count(data, Project) == 2
    response = _post(client, "/community/projects/new", NEW)
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Kahvilan verkkosivut" in page and "Sivukartta" in page and "Valokuvat" in page
    with data() as session:
        project = session.scalar(select(Project).order_by(Project.id.desc()))
        assert (project.owner_id, project.teacher_id, project.team_size) == (
            hub["owner_id"],
            None,
            2,
        )
        kinds = {(q.kind, q.owner_id, q.xp) for q in project.milestones}
        assert kinds == {("project", hub["owner_id"], 60), ("project", hub["owner_id"], 40)}


def test_a_teacher_posts_on_an_entrepreneurs_behalf(client, data, hub):
    log_in(client, hub["teacher"])
    assert _post(client, "/community/projects/new", NEW).status_code == 422
    response = _post(
        client, "/community/projects/new", {**NEW, "entrepreneur": str(hub["owner_id"])}
    )
    assert response.status_code == 303
    with data() as session:
        project = session.scalar(select(Project).order_by(Project.id.desc()))
        assert project.owner_id == hub["owner_id"] and project.teacher.email == hub["teacher"]


def test_joining_twice_a_full_team_and_a_member_of_another_project(app, data, hub):
    path = f"/community/projects/{hub['project']}"
    student = app.test_client()
    student.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    log_in(student, hub["aino"])
    twice = _post(student, path + "/join", {"message": "Uudestaan"})
    assert twice.status_code == 409 and "already applied" in twice.get_data(as_text=True)

    owner = app.test_client()
    owner.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    log_in(owner, hub["owner"])
    assert "Aino Virtanen" in owner.get(path).get_data(as_text=True)
    # Veera applied to another project: she cannot be accepted to this one.
    wrong = _post(owner, f"{path}/members/{hub['veera_id']}/accept")
    assert wrong.status_code == 404 and "has not applied" in wrong.get_data(as_text=True)
    assert _post(owner, f"{path}/members/{hub['aino_id']}/accept").status_code == 303
    again = _post(owner, f"{path}/members/{hub['aino_id']}/accept")
    assert again.status_code == 409 and "already in the team" in again.get_data(as_text=True)

    eetu = app.test_client()
    log_in(eetu, hub["eetu"])
    assert _post(eetu, path + "/join").status_code == 303
    assert _post(owner, f"{path}/members/{hub['eetu_id']}/accept").status_code == 303
    veera = app.test_client()
    veera.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    log_in(veera, hub["veera"])
    full = _post(veera, path + "/join")
    assert full.status_code == 409 and "already full" in full.get_data(as_text=True)
    assert _count(data, ProjectMember, ProjectMember.project_id == hub["project"]) == 2
    assert _count(data, ProjectMember, ProjectMember.user_id == hub["veera_id"]) == 1


def test_editing_someone_elses_project_is_refused(client, data, hub):
    path = f"/community/projects/{hub['project']}/edit"
    log_in(client, hub["other"])
    form = {"title": "Kaapattu", "need": "other", "team_size": "5"}
    assert client.get(path).status_code == 403
    assert _post(client, path, form).status_code == 403
    milestone = {"title": "Vieras", "evidence": "text", "xp": "10"}
    assert (
        _post(client, f"/community/projects/{hub['project']}/milestones", milestone).status_code
        == 403
    )
    with data() as session:
        project = session.get(Project, hub["project"])
        assert (project.title.startswith("Projekti"), len(project.milestones)) == (True, 2)


def test_the_team_size_cannot_go_below_the_team(client, data, hub):
    with data() as session:
        project = session.get(Project, hub["project"])
        for member in project.members:
            member.status = "accepted"
    log_in(client, hub["owner"])
    path = f"/community/projects/{hub['project']}/edit"
    assert (
        _post(client, path, {"title": "Uusi nimi", "need": "other", "team_size": "0"}).status_code
        == 422
    )
    assert (
        _post(client, path, {"title": "Uusi nimi", "need": "other", "team_size": "4"}).status_code
        == 303
    )
    with data() as session:
        assert session.get(Project, hub["project"]).team_size == 4


def test_the_team_does_a_milestone_together_and_both_get_the_xp(app, data, hub):
    path = f"/community/projects/{hub['project']}"
    with data() as session:
        project = session.get(Project, hub["project"])
        for member in project.members:
            member.status = "accepted"
        session.add(ProjectMember(project_id=project.id, user_id=hub["eetu_id"], status="accepted"))
        quest_id = project.milestones[0].id
        step_id = project.milestones[0].steps[0].id
    aino = app.test_client()
    log_in(aino, hub["aino"])
    board = aino.get("/quests?tab=projects").get_data(as_text=True)
    assert "Välitavoite 1" in board
    token = page_token(aino, f"/quests/{quest_id}")
    assert aino.post(f"/quests/{quest_id}/accept", data={"csrf_token": token}).status_code == 303
    sent = aino.post(
        f"/quests/{quest_id}/submit", data={"csrf_token": token, f"step-{step_id}": "Valmis"}
    )
    assert sent.status_code == 303

    owner = app.test_client()
    log_in(owner, hub["owner"])
    with data() as session:
        submission_id = session.scalar(select(Submission.id))
    review = owner.get("/review").get_data(as_text=True)
    assert "Välitavoite 1" in review
    token = page_token(owner, "/review")
    approve = owner.post(
        f"/review/{submission_id}/approve", data={"csrf_token": token, "feedback": "Hienoa työtä!"}
    )
    assert approve.status_code == 303
    with data() as session:
        xp = dict(session.execute(select(XpEntry.user_id, XpEntry.amount)).all())
    assert xp == {hub["aino_id"]: 40, hub["eetu_id"]: 40}
    eetu = app.test_client()
    log_in(eetu, hub["eetu"])
    page = eetu.get(path).get_data(as_text=True)
    assert "Hienoa työtä!" in page
    assert "40 XP" in eetu.get("/").get_data(as_text=True)


def test_a_testimonial_only_for_a_completed_project(client, data, hub):
    log_in(client, hub["owner"])
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    path = f"/community/projects/{hub['project']}/testimonial"
    early = _post(client, path, {"testimonial": "Hyvä"})
    assert early.status_code == 409 and "once the project is completed" in early.get_data(
        as_text=True
    )
    with data() as session:
        owner = session.scalar(select(factories.User).where(factories.User.email == hub["owner"]))
        student = session.scalar(select(factories.User).where(factories.User.email == hub["eetu"]))
        done = factories.project(session, owner, milestones=1, team=[student])
        submission = factories.submitted(session, done.milestones[0], student)
        lifecycle.approve(
            session, actor=owner, submission=submission, feedback="", now=submission.submitted_at
        )
        done_id = done.id
    assert (
        _post(client, f"/community/projects/{done_id}/testimonial", {"testimonial": ""}).status_code
        == 422
    )
    assert (
        _post(
            client, f"/community/projects/{done_id}/testimonial", {"testimonial": "Upea tiimi!"}
        ).status_code
        == 303
    )
    assert "Upea tiimi!" in client.get(f"/community/projects/{done_id}").get_data(as_text=True)
    assert _count(data, Quest, Quest.project_id == done_id) == 1
