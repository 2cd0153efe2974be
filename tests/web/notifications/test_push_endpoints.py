"""Push endpoints are not a way to make the server send requests inside its network (finding 6)."""

import socket

import pytest
from sqlalchemy import select

from quests.notification_models import PushSubscription
from tests.conftest import _empty_tables, log_in
from tests.web.notifications.conftest import SUBJECT, Device, subscribe
from tests.web.notifications.test_push import _notify
from webapp.extensions import db
from webapp.notifications import endpoints

LOOPBACK_SPELLINGS = ["127.1", "2130706433", "0x7f000001", "0177.0.0.1", "127.0.0.1", "[::1]"]


@pytest.fixture
def strict_app(make_app, vapid_private_pem):
    """Push as in production: no loopback allowance."""
    app = make_app(
        JOBS_EAGER=True,
        VAPID_PRIVATE_KEY=vapid_private_pem,
        VAPID_PUBLIC_KEY=None,
        VAPID_SUBJECT=SUBJECT,
        PUSH_RETRY_DELAYS=(0, 0),
    )
    yield app
    _empty_tables(app)


@pytest.fixture
def listener():
    """A TCP port on this machine that records whether anything connected to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.3)
    yield server
    server.close()


def _connected(listener) -> bool:
    try:
        connection, _ = listener.accept()
    except TimeoutError:
        return False
    connection.close()
    return True


@pytest.mark.parametrize(
    "host",
    [*LOOPBACK_SPELLINGS, "localhost", "10.0.0.5", "169.254.169.254", "intranet", "db.internal"],
)
def test_subscribing_with_an_internal_address_in_any_spelling_is_refused(
    strict_app, make_user, host
):
    client = strict_app.test_client()
    log_in(client, make_user("student").email)
    response = subscribe(client, Device(f"https://{host}/push/x").subscription_json())
    assert response.status_code == 422
    assert response.get_json() == {"error": "Tätä push-palvelun osoitetta ei sallita."}


@pytest.mark.parametrize("host", ["127.1", "2130706433", "0x7f000001", "0177.0.0.1", "localhost"])
def test_a_stored_endpoint_that_leads_inside_is_never_contacted_and_is_dropped(
    strict_app, make_user, listener, host
):
    """Checked when sending, after resolving: a name may lead elsewhere than it did before."""
    person = make_user("student")
    port = listener.getsockname()[1]
    with strict_app.app_context():
        db.session.add(
            PushSubscription(
                user_id=person.id,
                endpoint=f"https://{host}:{port}/push/x",
                p256dh=Device("x").subscription_json()["keys"]["p256dh"],
                auth="AAAAAAAAAAAAAAAAAAAAAA",
            )
        )
        db.session.commit()
    _notify(strict_app, person)
    assert not _connected(listener)
    with strict_app.app_context():
        assert db.session.scalar(select(PushSubscription)) is None


def test_plain_http_is_never_sent_in_production(strict_app, make_user, listener):
    person = make_user("student")
    port = listener.getsockname()[1]
    with strict_app.app_context():
        db.session.add(
            PushSubscription(
                user_id=person.id,
                endpoint=f"http://127.0.0.1:{port}/push/x",
                p256dh=Device("x").subscription_json()["keys"]["p256dh"],
                auth="AAAAAAAAAAAAAAAAAAAAAA",
            )
        )
        db.session.commit()
    _notify(strict_app, person)
    assert not _connected(listener)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1::", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("100.64.0.1", False),
        ("169.254.169.254", False),
        ("0.0.0.0", False),  # noqa: S104 - an address checked, not bound
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1%eth0", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
    ],
)
def test_only_public_unicast_addresses_are_public(address, public):
    assert endpoints.is_public(address) is public


def test_timeouts_are_bounded():
    assert 0 < endpoints.CONNECT_TIMEOUT <= 10 and 0 < endpoints.READ_TIMEOUT <= 30
