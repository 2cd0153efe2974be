"""The accessibility statement per language, the feedback form with its 14-day reply
due date, the admin queue and home, and the footer's links."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from quests import accessibility_feedback as feedback
from quests.clock import helsinki_day
from quests.feedback_models import AccessibilityFeedback
from tests.conftest import page_token
from tests.web import outbox


def _send(client, **fields):
    body = {"email": "lukija@example.fi", "message": "Painike ei näy.", **fields}
    body["csrf_token"] = page_token(client, "/accessibility/feedback")
    return client.post("/accessibility/feedback", data=body)


def _stored(session, received: datetime, reference: str) -> AccessibilityFeedback:
    item = feedback.submit(
        session,
        data=feedback.FeedbackInput("Lukija", "lukija@example.fi", "/", "Fokus ei näy.", "fi"),
        now=received,
    )
    item.reference = reference
    return item


@pytest.mark.parametrize(
    ("language", "heading", "standard"),
    [
        ("fi", "Saavutettavuusseloste", "osittain"),
        ("sv", "Tillgänglighetsutlåtande", "delvis"),
        ("en", "Accessibility statement", "partially compliant"),
    ],
)
def test_the_statement_in_each_language(client, language, heading, standard):
    client.set_cookie("polku_lang", language)
    page = client.get("/accessibility").get_data(as_text=True)
    assert heading in page and standard in page
    for must in ("WCAG 2.1", "EN 301 549", "axe-core", "306/2019", "/accessibility/feedback"):
        assert must in page


@pytest.mark.parametrize("path", ["/", "/login", "/signup", "/accessibility", "/no-such-page"])
def test_the_footer_links_the_statement_and_the_privacy_notice(client, path):
    page = client.get(path).get_data(as_text=True)
    assert 'href="/accessibility"' in page
    assert 'href="/privacy"' in page


def test_the_signup_form_links_the_privacy_notice(client):
    form = client.get("/signup").get_data(as_text=True).split("<form")[1].split("</form>")[0]
    assert 'href="/privacy"' in form


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fi", ["Tietosuojaseloste", "Kuinka kauan", "365 päivää", "poistettu käyttäjä"]),
        ("sv", ["Dataskyddsbeskrivning", "Hur länge", "365 dagar", "raderad användare"]),
        ("en", ["Privacy notice", "For how long", "365 days", "deleted user"]),
    ],
)
def test_the_privacy_notice_in_each_language(client, language, words):
    client.set_cookie("polku_lang", language)
    page = client.get("/privacy").get_data(as_text=True)
    for word in words:
        assert word in page


def test_feedback_gets_a_reference_a_due_date_and_an_email(app, client):
    response = _send(client, page="/quests")
    assert response.status_code == 201
    with app.app_context():
        from webapp.extensions import db

        item = db.session.scalar(select(AccessibilityFeedback))
        assert item.reply_due_on == helsinki_day(item.received_at) + timedelta(days=14)
        assert item.page == "/quests"
    assert item.reference in response.get_data(as_text=True)
    [mail] = outbox.messages(app)
    assert mail["To"] == "lukija@example.fi"
    assert item.reference in mail["Subject"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"message": ""}, "Tämä kenttä on pakollinen."),
        ({"message": "   "}, "Tämä kenttä on pakollinen."),
        ({"email": "ei-osoite"}, "Anna toimiva sähköpostiosoite"),
        ({"message": "x" * 5001}, "Kirjoita enintään 5000 merkkiä."),
    ],
)
def test_bad_feedback_is_refused_with_a_message_and_nothing_stored(app, client, fields, message):
    response = _send(client, **fields)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        from webapp.extensions import db

        assert db.session.scalar(select(func.count(AccessibilityFeedback.id))) == 0
    assert outbox.messages(app) == []


def test_feedback_is_rate_limited(client):
    for _ in range(5):
        assert _send(client).status_code == 201
    assert _send(client).status_code == 429


def test_the_admin_home_shows_messages_near_or_past_due(data, client, login_as):
    now = datetime.now(UTC)
    with data() as session:
        _stored(session, now - timedelta(days=20), "SA-LATE0001")
        _stored(session, now - timedelta(days=12), "SA-NEAR0002")
        _stored(session, now - timedelta(days=1), "SA-FRESH003")
        _stored(session, now - timedelta(days=30), "SA-DONE0004").replied_at = now
    login_as("admin")
    home = client.get("/").get_data(as_text=True)
    assert "SA-LATE0001" in home and "Vastaus myöhässä 6 päivää" in home
    assert "SA-NEAR0002" in home and "Vastaus viimeistään 2 päivän kuluttua" in home
    assert "SA-FRESH003" not in home and "SA-DONE0004" not in home


def test_a_teachers_home_shows_no_feedback(data, client, login_as):
    with data() as session:
        _stored(session, datetime.now(UTC) - timedelta(days=20), "SA-LATE0001")
    login_as("teacher")
    assert "SA-LATE0001" not in client.get("/").get_data(as_text=True)


def test_the_admin_replies_once_and_the_sender_gets_it_by_email(app, data, client, login_as):
    with data() as session:
        item_id = _stored(session, datetime.now(UTC), "SA-ABCD2345").id
    login_as("admin")
    token = page_token(client, "/accessibility/feedback/queue")
    url = f"/accessibility/feedback/{item_id}/reply"
    empty = client.post(url, data={"csrf_token": token, f"reply-{item_id}-reply": " "})
    assert empty.status_code == 422
    assert outbox.messages(app) == []
    body = {"csrf_token": token, f"reply-{item_id}-reply": "Korjasimme kontrastin."}
    assert client.post(url, data=body).status_code == 303
    [mail] = outbox.messages(app)
    assert mail["To"] == "lukija@example.fi" and "SA-ABCD2345" in mail["Subject"]
    assert "Korjasimme kontrastin." in mail.get_content()
    assert client.post(url, data=body).status_code == 409
    assert len(outbox.messages(app)) == 1
    assert client.post("/accessibility/feedback/999999/reply", data=body).status_code == 404


def test_days_left_counts_calendar_days_in_helsinki():
    item = AccessibilityFeedback(reply_due_on=date(2026, 12, 10))
    assert feedback.days_left(item, date(2026, 12, 1)) == 9
    assert feedback.days_left(item, date(2026, 12, 12)) == -2
