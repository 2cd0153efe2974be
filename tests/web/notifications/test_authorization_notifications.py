"""Who may reach the notification and PWA routes: every route, every role.

Everything is per person: a route that names a notification or a device
answers 404 for someone else's, as if it did not exist.
"""

import json

import pytest

from quests.notification_models import Notification, PushSubscription
from tests import factories
from tests.conftest import page_token
from tests.web.matrix import Json, covered
from tests.web.notifications.conftest import Device
from tests.web.test_authorization import EVERYONE, ROLES, SIGNED_IN

# (method, path, form data or JSON, who may)
MATRIX = [
    ("GET", "/manifest.webmanifest", None, EVERYONE),
    ("GET", "/sw.js", None, EVERYONE),
    ("GET", "/offline", None, EVERYONE),
    ("GET", "/notifications", None, SIGNED_IN),
    ("POST", "/notifications/read", {}, SIGNED_IN),
    ("POST", "/notifications/{notification_id}/read", {}, SIGNED_IN),
    ("GET", "/settings/notifications", None, SIGNED_IN),
    ("POST", "/settings/notifications", {"quest_reviewed": "y"}, SIGNED_IN),
    (
        "POST",
        "/settings/notifications/devices/{subscription_id}/name",
        {"device-{subscription_id}-name": "Ainon puhelin"},
        SIGNED_IN,
    ),
    ("POST", "/settings/notifications/devices/{subscription_id}/delete", {}, SIGNED_IN),
    (
        "POST",
        "/push/subscriptions",
        Json(Device("https://push.example/send/new").subscription_json()),
        SIGNED_IN,
    ),
    (
        "POST",
        "/push/subscriptions/remove",
        Json({"endpoint": "https://push.example/x"}),
        SIGNED_IN,
    ),
]

COVERED = covered(MATRIX)


def _owned_by(data, user_id, n):
    with data() as session:
        return _own(session, user_id, n)


def _own(session, user_id, n):
    """A notification and a device of this person's."""
    note = Notification(user_id=user_id, kind="badge_awarded", params={"badge": "Tiimipelaaja"})
    device = PushSubscription(
        user_id=user_id,
        endpoint=f"https://push.example/send/{user_id}-{n}",
        p256dh=Device("x").subscription_json()["keys"]["p256dh"],
        auth="AAAAAAAAAAAAAAAAAAAAAA",
        device="Chrome · Android",
    )
    session.add_all([note, device])
    session.flush()
    return {"notification_id": note.id, "subscription_id": device.id}


@pytest.mark.parametrize("role", ROLES)
def test_route_access(walk, role):
    """Each person reaches their own notification and device."""
    with walk.setup() as session:
        owner = factories.user(session, "student" if role == "anonymous" else role)
        values = _own(session, owner.id, 1)
        email = None if role == "anonymous" else owner.email
    assert walk.as_role(MATRIX, role, email, values) == []


@pytest.mark.parametrize(
    "path",
    [
        "/notifications/{notification_id}/read",
        "/settings/notifications/devices/{subscription_id}/name",
        "/settings/notifications/devices/{subscription_id}/delete",
    ],
)
def test_another_persons_notification_or_device_is_not_found(
    client, data, make_user, login_as, path
):
    someone = make_user("student")
    theirs = _owned_by(data, someone.id, 2)
    login_as("student")
    token = page_token(client, "/settings/notifications")
    url = path.format(**theirs)
    response = client.post(url, data={"csrf_token": token, "device-1-name": "Minun"})
    assert response.status_code == 404
    with data() as session:
        assert session.get(Notification, theirs["notification_id"]).read_at is None
        assert session.get(PushSubscription, theirs["subscription_id"]).device == "Chrome · Android"


def test_removing_another_persons_endpoint_leaves_it(client, data, make_user, login_as):
    someone = make_user("student")
    theirs = _owned_by(data, someone.id, 3)
    login_as("student")
    token = page_token(client, "/settings/notifications")
    response = client.post(
        "/push/subscriptions/remove",
        data=json.dumps({"endpoint": f"https://push.example/send/{someone.id}-3"}),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 204
    with data() as session:
        assert session.get(PushSubscription, theirs["subscription_id"]) is not None
