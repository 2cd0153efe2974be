"""The inbox, the navigation's unread count, the settings page and subscribing."""

import json
import re

import pytest
from sqlalchemy import select

from quests.models import User
from quests.notification_models import Notification, NotificationPreference, PushSubscription
from quests.notifications import Kind, notify
from tests.conftest import csrf_from, log_in, page_token
from tests.web.notifications.conftest import Device, subscribe


def _notes(data, person, count, kind=Kind.BADGE_AWARDED):
    with data() as session:
        user = session.get(User, person.id)
        for n in range(count):
            notify(session, user=user, kind=kind, params={"badge": f"Merkki {n}"}, url="/badges")


def test_the_inbox_shows_notifications_in_the_readers_language(client, data, login_as):
    person = login_as("student", locale="sv")
    _notes(data, person, 2)
    page = client.get("/notifications").get_data(as_text=True)
    assert "Du tilldelades märket ”Merkki 1”." in page
    assert "2 olästa" in page
    # The top bar's inbox link carries the count for screen readers too.
    assert re.search(r'class="count inbox-count" aria-hidden="true">2<', page)


def test_marking_read_one_and_all(client, data, login_as):
    person = login_as("student")
    _notes(data, person, 3)
    with data() as session:
        first = session.scalars(select(Notification.id).order_by(Notification.id)).first()
    token = page_token(client, "/notifications")
    response = client.post(f"/notifications/{first}/read", data={"csrf_token": token})
    assert response.status_code == 303
    assert "2 lukematonta" in client.get("/notifications").get_data(as_text=True)
    response = client.post("/notifications/read", data={"csrf_token": token})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Kaikki ilmoitukset on merkitty luetuiksi." in page
    assert "inbox-count" not in page
    # Reading one that is already read is fine; one that does not exist is not found.
    assert (
        client.post(f"/notifications/{first}/read", data={"csrf_token": token}).status_code == 303
    )
    assert client.post("/notifications/999999/read", data={"csrf_token": token}).status_code == 404


def test_an_empty_inbox_says_so(client, login_as):
    login_as("teacher")
    assert "Ei vielä ilmoituksia." in client.get("/notifications").get_data(as_text=True)


def test_unknown_params_show_an_ellipsis_instead_of_failing(client, data, login_as):
    person = login_as("student")
    with data() as session:
        session.add(Notification(user_id=person.id, kind="quest_reviewed", params={}))
    assert "Työsi tehtävässä ”…” on arvioitu." in client.get("/notifications").get_data(
        as_text=True
    )


def _queries(app, count_queries, email, path):
    client = app.test_client()
    log_in(client, email)
    client.get(path)
    with count_queries as counter:
        assert client.get(path).status_code == 200
    return counter.count


@pytest.mark.parametrize("path", ["/notifications", "/settings/notifications"])
def test_pages_run_the_same_queries_for_one_or_many(app, data, make_user, count_queries, path):
    counts = []
    for size in (1, 30):
        person = make_user("student")
        _notes(data, person, size)
        with data() as session:
            for n in range(size):
                session.add(
                    PushSubscription(
                        user_id=person.id,
                        endpoint=f"https://push.example/{person.id}/{n}",
                        p256dh=Device("x").subscription_json()["keys"]["p256dh"],
                        auth="AAAAAAAAAAAAAAAAAAAAAA",
                        device="Firefox · Linux",
                    )
                )
            session.add(NotificationPreference(user_id=person.id, kind="badge_awarded"))
        counts.append(_queries(app, count_queries, person.email, path))
    assert counts[0] == counts[1], f"{path}: {counts}"
    assert counts[0] <= 6


def test_preferences_store_only_what_is_switched_off(client, data, login_as):
    person = login_as("student")
    token = page_token(client, "/settings/notifications")
    form = {"csrf_token": token, "quest_reviewed": "y", "deadline_tomorrow": "y"}
    response = client.post("/settings/notifications", data=form)
    assert response.status_code == 303
    with data() as session:
        rows = session.scalars(
            select(NotificationPreference.kind).where(NotificationPreference.user_id == person.id)
        )
        assert sorted(rows) == ["badge_awarded", "judging_assigned", "results_published"]
    page = client.get("/settings/notifications").get_data(as_text=True)
    assert '<input checked id="quest_reviewed"' in page
    assert '<input id="badge_awarded"' in page
    # Everything on again: no rows at all.
    form = {
        "csrf_token": token,
        **dict.fromkeys(
            [
                "quest_reviewed",
                "badge_awarded",
                "deadline_tomorrow",
                "judging_assigned",
                "results_published",
            ],
            "y",
        ),
    }
    client.post("/settings/notifications", data=form)
    with data() as session:
        assert session.scalar(select(NotificationPreference)) is None


def test_settings_page_hands_the_public_key_to_the_page(client, login_as, app):
    login_as("student")
    page = client.get("/settings/notifications").get_data(as_text=True)
    key = re.search(r'data-key="([A-Za-z0-9_-]+)"', page).group(1)
    assert len(key) == 87  # 65 bytes, base64url without padding
    # The switch shows only once push.js has found the browser can push: hidden until then.
    for button in ("push-on", "push-off"):
        tag = re.search(rf'<button[^>]*\bid="{button}"[^>]*>', page)
        assert tag and re.search(r"\shidden[\s>]", tag.group(0)), button


def test_htmx_asks_for_the_settings_section_alone(client, login_as):
    login_as("student")
    response = client.get("/settings/notifications", headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'id="push-panel"' in body and "<html" not in body


def test_without_keys_the_page_says_push_is_not_set_up(make_app, make_user):
    app = make_app(VAPID_PRIVATE_KEY=None)
    person = make_user("student")
    client = app.test_client()
    log_in(client, person.email)
    page = client.get("/settings/notifications")
    assert "Push-ilmoituksia ei ole otettu käyttöön" in page.get_data(as_text=True)
    response = subscribe(client, Device("https://push.example/x").subscription_json())
    assert response.status_code == 409
    assert "Push-ilmoituksia ei ole otettu käyttöön" in response.get_json()["error"]


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("not json at all", "Selain lähetti puutteellisen tilauksen"),
        ({"endpoint": "https://push.example/x"}, "Selain lähetti puutteellisen tilauksen"),
        (
            {"endpoint": "https://push.example/x", "keys": {"p256dh": "abc", "auth": "def"}},
            "Selain lähetti puutteellisen tilauksen",
        ),
        ({"endpoint": "http://push.example/x", "keys": "ok"}, "Selain lähetti puutteellisen"),
        ("plain-http", "Tätä push-palvelun osoitetta ei sallita."),
        ("internal-address", "Tätä push-palvelun osoitetta ei sallita."),
        ("too-long", "Selain lähetti puutteellisen tilauksen"),
        ("off-the-curve", "Selain lähetti puutteellisen tilauksen"),
    ],
)
def test_a_bad_subscription_is_refused_with_a_message(client, login_as, payload, message):
    login_as("student")
    good = Device("https://push.example/x").subscription_json()
    if payload == "plain-http":
        payload = {**good, "endpoint": "http://push.example/x"}
    elif payload == "internal-address":
        payload = {**good, "endpoint": "https://10.0.0.5/x"}
    elif payload == "off-the-curve":
        point = "BA" + "A" * 85  # 65 bytes starting with 4, but no point of P-256
        payload = {**good, "keys": {**good["keys"], "p256dh": point}}
    elif payload == "too-long":
        payload = {**good, "endpoint": "https://push.example/" + "x" * 1000}
    token = csrf_from(client.get("/settings/notifications"))
    response = client.post(
        "/push/subscriptions",
        data=payload if isinstance(payload, str) else json.dumps(payload),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 422
    assert message in response.get_json()["error"]


def test_subscribing_twice_keeps_one_row_and_moves_it_to_the_new_person(
    app, client, make_user, data
):
    device = Device("https://push.example/shared")
    first = make_user("student")
    log_in(client, first.email)
    assert subscribe(client, device.subscription_json()).status_code == 201
    client.post("/logout", data={"csrf_token": page_token(client, "/settings/notifications")})
    second = make_user("student")
    log_in(client, second.email)
    assert subscribe(client, device.subscription_json()).status_code == 201
    with data() as session:
        rows = session.scalars(select(PushSubscription)).all()
        assert [row.user_id for row in rows] == [second.id]


def test_devices_are_listed_renamed_and_removed(client, login_as, data):
    login_as("student")
    assert (
        subscribe(client, Device("https://push.example/a").subscription_json()).status_code == 201
    )
    with data() as session:
        device_id = session.scalar(select(PushSubscription.id))
    page = client.get("/settings/notifications").get_data(as_text=True)
    assert 'value="Chrome · Android"' in page and "data-offline-queue" in page
    token = csrf_from(client.get("/settings/notifications"))
    url = f"/settings/notifications/devices/{device_id}/name"
    response = client.post(url, data={"csrf_token": token, f"device-{device_id}-name": "  "})
    assert response.status_code == 422
    assert "Tämä kenttä on pakollinen." in response.get_data(as_text=True)
    response = client.post(
        url, data={"csrf_token": token, f"device-{device_id}-name": "Ainon puhelin"}
    )
    assert response.status_code == 303
    assert 'value="Ainon puhelin"' in client.get("/settings/notifications").get_data(as_text=True)
    response = client.post(
        f"/settings/notifications/devices/{device_id}/delete", data={"csrf_token": token}
    )
    assert response.status_code == 303
    page = client.get("/settings/notifications").get_data(as_text=True)
    assert "Laite ei enää saa ilmoituksia." in page
    assert "Mikään laite ei vielä saa ilmoituksia." in page


def test_the_browser_unsubscribing_removes_its_row(client, login_as, data):
    login_as("student")
    device = Device("https://push.example/b")
    subscribe(client, device.subscription_json())
    token = csrf_from(client.get("/settings/notifications"))
    response = client.post(
        "/push/subscriptions/remove",
        data=json.dumps({"endpoint": device.endpoint}),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 204
    with data() as session:
        assert session.scalar(select(PushSubscription)) is None
    response = client.post(
        "/push/subscriptions/remove",
        data="[]",
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 422
