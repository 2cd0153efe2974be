"""Entrepreneurs apply, the administrator decides, the applicant follows the status."""

import pytest
from sqlalchemy import func, select

from quests.community_models import EntrepreneurApplication
from quests.models import Invite, User
from tests import factories
from tests.conftest import csrf_from, log_in, page_token
from tests.web import outbox

FORM = {
    "name": "Laura Nieminen",
    "email": "laura@kaneli.example",
    "business_name": "Kahvila Kaneli",
    "sector": "Kahvila",
    "website": "https://kaneli.example",
    "stage": "established",
    "expectations": "Yhteistyötä opiskelijoiden kanssa",
    "needs": ["service_design", "popup_selling"],
    "cooperation": "Kanta-asiakaskortin suunnittelu",
}


@pytest.fixture
def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _apply(client, **changes):
    data = {**FORM, **changes, "csrf_token": page_token(client, "/community/apply")}
    return client.post("/community/apply", data=data)


def _link(app, to: str, part: str) -> str:
    """The newest link containing `part` emailed to someone (the outbox's order within
    one second is not the sending order, so links are told apart by what they are)."""
    links = [
        link
        for message in outbox.messages(app)
        if message["To"] == to
        for link in outbox.LINK.findall(message.get_content())
        if part in link
    ]
    assert links, f"no {part} link to {to}"
    return links[-1].replace("http://localhost", "")


def _count(data, model=EntrepreneurApplication) -> int:
    with data() as session:
        return session.scalar(select(func.count()).select_from(model))


def _admin(client, data):
    with data() as session:
        email = factories.user(session, "admin").email
    log_in(client, email)


def _decide(client, application_id, action, message=""):
    token = page_token(client, "/community/applications")
    return client.post(
        f"/community/applications/{application_id}/{action}",
        data={"csrf_token": token, "message": message},
    )


def _shown(response) -> str:
    return response.get_data(as_text=True).replace(csrf_from(response), "TOKEN")


def test_an_anonymous_application_and_a_duplicate(app, english, data):
    response = _apply(english)
    assert response.status_code == 201
    link = _link(app, "laura@kaneli.example", "/status/")
    # The link is in the email only: the page is the same for a duplicate (finding 15).
    assert link.split("/")[-1] not in response.get_data(as_text=True)
    status = english.get(link)
    assert status.status_code == 200 and "Waiting for a decision" in status.get_data(as_text=True)

    again = _apply(english, email="Laura@Kaneli.example")
    assert again.status_code == 201
    assert _shown(again) == _shown(response)
    told = [m.get_content() for m in outbox.messages(app) if m["To"] == "laura@kaneli.example"]
    assert len(told) == 2 and any("already being handled" in text for text in told)
    assert _count(data) == 1


def test_an_entrepreneurs_address_gets_the_same_answer_as_a_new_one(app, english, data):
    with data() as session:
        factories.user(session, "entrepreneur", email="paula@leipomo.example")
    known = _apply(english, email="paula@leipomo.example")
    new = _apply(english, email="uusi@leipomo.example")
    assert known.status_code == new.status_code == 201
    assert _shown(known) == _shown(new)
    told = [m.get_content() for m in outbox.messages(app) if m["To"] == "paula@leipomo.example"]
    assert len(told) == 1 and "already belongs to an entrepreneur" in told[0]


def test_bad_input_is_refused_and_nothing_is_saved(english, data):
    assert _apply(english, stage="huge").status_code == 422
    assert _apply(english, email="not-an-email").status_code == 422
    assert _apply(english, expectations="").status_code == 422
    assert _apply(english, needs=["spaceship"]).status_code == 422
    assert _apply(english, website="javascript:alert(1)").status_code == 422
    assert _count(data) == 0
    assert english.get("/community/applications/status/made-up").status_code == 404


def test_applications_are_rate_limited(english):
    for _ in range(10):
        assert _apply(english, email="bad").status_code == 422
    assert _apply(english, email="bad").status_code == 429


def test_ask_reply_accept_and_the_invite_makes_an_entrepreneur(app, client, data):
    with data() as session:
        application, _ = factories.application(session, email="laura@kaneli.example")
        application_id = application.id
    _admin(client, data)
    assert "Yritys" in client.get("/community/applications").get_data(as_text=True)
    # Asking needs a question.
    assert _decide(client, application_id, "ask").status_code == 422
    assert _decide(client, application_id, "ask", "Montako työntekijää?").status_code == 303
    status_path = _link(app, "laura@kaneli.example", "/status/")

    applicant = app.test_client()
    assert "Montako työntekijää?" in applicant.get(status_path).get_data(as_text=True)
    reply = {"csrf_token": page_token(applicant, status_path), "reply": "Kolme."}
    assert applicant.post(status_path, data=reply).status_code == 303
    with data() as session:
        found = session.get(EntrepreneurApplication, application_id)
        assert (found.status, found.applicant_reply) == ("pending", "Kolme.")

    assert _decide(client, application_id, "accept").status_code == 303
    assert _decide(client, application_id, "decline", "Myöhässä").status_code == 409
    invite_link = _link(app, "laura@kaneli.example", "/invite/")
    assert invite_link.startswith("/invite/")
    form = {
        "csrf_token": page_token(applicant, invite_link),
        "name": "Laura Nieminen",
        "password": "kanelipulla-2026",
    }
    assert applicant.post(invite_link, data=form).status_code == 302
    with data() as session:
        laura = session.scalar(select(User).where(User.email == "laura@kaneli.example"))
        assert laura.has_role("entrepreneur")
    directory = applicant.get("/community").get_data(as_text=True)
    assert "Kahvila Kaneli" not in directory  # the factory's business name is used instead
    assert "Laura Nieminen" in directory and "Opiskelijat voivat suunnitella" in directory


def test_a_signed_in_person_applies_and_sees_the_status_in_their_account(client, data, login_as):
    person = login_as("student", email="onni@kauppa.example")
    assert _apply(client, email=person.email, name="Onni").status_code == 201
    page = client.get("/community").get_data(as_text=True)
    assert "Kahvila Kaneli" in page
    with data() as session:
        found = session.scalar(select(EntrepreneurApplication))
        assert found.user_id == person.id


def test_decline_needs_a_reason_then_the_applicant_may_apply_again(app, english, data):
    assert _apply(english).status_code == 201
    first_link = _link(app, "laura@kaneli.example", "/status/")
    with data() as session:
        application_id = session.scalar(select(EntrepreneurApplication.id))
    admin = app.test_client()
    admin.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    _admin(admin, data)
    refused = _decide(admin, application_id, "decline")
    assert refused.status_code == 422 and "Write the reason" in refused.get_data(as_text=True)
    assert _decide(admin, application_id, "decline", "Ei tilaa tänä vuonna.").status_code == 303
    assert _count(data, Invite) == 0
    (new_link,) = {
        link.replace("http://localhost", "")
        for message in outbox.messages(app)
        for link in outbox.LINK.findall(message.get_content())
    } - {first_link}
    assert english.get(first_link).status_code == 404  # each email carries a fresh link
    assert "Ei tilaa tänä vuonna." in english.get(new_link).get_data(as_text=True)
    assert _apply(english).status_code == 201
    assert _count(data) == 2
    assert _decide(admin, 999999, "accept").status_code == 404


def test_an_entrepreneur_cannot_apply_again(english, data):
    with data() as session:
        factories.user(session, "entrepreneur", email="laura@kaneli.example")
    response = _apply(english)
    # The answer looks like any other; the email tells them (finding 15).
    assert response.status_code == 201 and "already belongs" not in response.get_data(as_text=True)
    assert _count(data) == 0
