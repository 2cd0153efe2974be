"""The weekly leaderboard over HTTP: the page and the opt-in form (rules in tests/domain)."""

from tests import factories
from tests.conftest import log_in, page_token


def test_the_page_and_the_choice_over_http(client, data):
    with data() as session:
        teacher = factories.user(session, "teacher")
        student = factories.user(session, "student", name="Aino Virtanen")
        group = factories.cohort(session, teacher=teacher, students=[student])
        email, cohort_id = student.email, group.id
    log_in(client, email)
    page = client.get("/community/leaderboard").get_data(as_text=True)
    assert "Aino Virtanen" not in page.split('id="main"')[1].split("preference-heading")[0]
    token = page_token(client, "/community/leaderboard")
    path = f"/community/leaderboard/preference?cohort={cohort_id}"
    assert client.post(path, data={"csrf_token": token, "opted_in": "y"}).status_code == 422
    saved = client.post(path, data={"csrf_token": token, "opted_in": "y", "display_name": "Kettu"})
    assert saved.status_code == 303
    assert "Kettu" in client.get(saved.headers["Location"]).get_data(as_text=True)
    assert client.get("/community/leaderboard?cohort=999999").status_code == 404
