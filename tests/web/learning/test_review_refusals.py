"""A refused review decision answers with the message alone, never the submission (finding 1)."""

import pytest

from tests import factories
from tests.conftest import log_in, page_token


@pytest.fixture
def submitted(data):
    """A student's submitted goal with evidence, and reviewers who have nothing to do with it."""
    with data() as session:
        teacher = factories.user(session, "teacher")
        student = factories.user(session, "student", name="Aino Salainen")
        factories.cohort(session, teacher=teacher, students=[student])
        goal = factories.goal(session, teacher, student, title="Salainen tehtävä")
        submission = factories.submitted(session, goal, student, text="Kotiosoitteeni on X")
        outsiders = {
            f"other {role}": factories.user(session, role).email
            for role in ("teacher", "entrepreneur")
        }
        return {"submission": submission.id, "teacher": teacher.email, **outsiders}


LEAKS = ("Aino Salainen", "Salainen tehtävä", "Kotiosoitteeni")


@pytest.mark.parametrize("role", ["teacher", "entrepreneur"])
@pytest.mark.parametrize("action", ["approve", "return"])
@pytest.mark.parametrize("feedback", ["", "Hyvä"])
@pytest.mark.parametrize("htmx", [True, False])
def test_a_reviewer_of_nothing_gets_403_and_no_submission(
    client, submitted, role, action, feedback, htmx
):
    log_in(client, submitted[f"other {role}"])
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.post(
        f"/review/{submitted['submission']}/{action}",
        data={"csrf_token": page_token(client, "/review"), "feedback": feedback},
        headers=headers,
    )
    assert response.status_code == 403
    body = response.get_data(as_text=True)
    assert not any(leak in body for leak in LEAKS)


def test_the_students_teacher_still_sees_the_submission_beside_the_message(client, submitted):
    log_in(client, submitted["teacher"])
    response = client.post(
        f"/review/{submitted['submission']}/return",
        data={"csrf_token": page_token(client, "/review"), "feedback": " "},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert "Kotiosoitteeni" in response.get_data(as_text=True)
