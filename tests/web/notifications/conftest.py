"""Fixtures for notification tests: an app with VAPID keys and a stand-in push service."""

import json
import os
import queue
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from tests.conftest import _empty_tables, csrf_from
from tests.web.conftest import make_matrix_app
from webapp.extensions import db
from webapp.notifications.vapid import b64url

SUBJECT = "mailto:tuki@polku.example"


@pytest.fixture(scope="session")
def vapid_private_pem() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture
def app(make_app, vapid_private_pem):
    """Push set up, for every test here; jobs run inline, so a push has arrived when
    commit() returns, and no background thread outlives a test."""
    app = make_app(
        JOBS_EAGER=True,
        VAPID_PRIVATE_KEY=vapid_private_pem,
        VAPID_PUBLIC_KEY=None,
        VAPID_SUBJECT=SUBJECT,
        PUSH_ALLOW_LOOPBACK=True,
        PUSH_RETRY_DELAYS=(0, 0),
    )
    yield app
    _empty_tables(app)


@pytest.fixture
def push_app(app):
    return app


class StandInPushService:
    """A push service on 127.0.0.1: records each request, answers with the statuses queued."""

    def __init__(self):
        self.received = []
        self.answers = queue.Queue()
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                service.received.append({"path": self.path, "headers": self.headers, "body": body})
                try:
                    status, headers = service.answers.get_nowait()
                except queue.Empty:
                    status, headers = 201, {}
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def answer(self, status, **headers):
        self.answers.put((status, headers))

    def endpoint(self, name="device-1") -> str:
        return f"http://127.0.0.1:{self.port}/push/{name}"


@pytest.fixture
def push_service():
    service = StandInPushService()
    service.thread.start()
    yield service
    service.server.shutdown()
    service.server.server_close()
    service.thread.join(timeout=5)


class Device:
    """A browser's side of a subscription: its ECDH P-256 key pair and 16-byte auth secret."""

    def __init__(self, endpoint):
        self.endpoint = endpoint
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth_secret = os.urandom(16)

    def subscription_json(self) -> dict:
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {
            "endpoint": self.endpoint,
            "expirationTime": None,
            "keys": {"p256dh": b64url(point), "auth": b64url(self.auth_secret)},
        }


def subscribe(client, subscription, user_agent="Mozilla/5.0 (Linux; Android 14) Chrome/130.0"):
    token = csrf_from(client.get("/settings/notifications"))
    return client.post(
        "/push/subscriptions",
        data=json.dumps(subscription),
        content_type="application/json",
        headers={"X-CSRFToken": token, "User-Agent": user_agent},
    )


@pytest.fixture(scope="module")
def matrix_app(migrated, tmp_path_factory, vapid_private_pem):
    """The matrix's app, with push set up as for every test here."""
    app = make_matrix_app(
        migrated,
        tmp_path_factory.mktemp("matrix"),
        VAPID_PRIVATE_KEY=vapid_private_pem,
        VAPID_PUBLIC_KEY=None,
        VAPID_SUBJECT=SUBJECT,
        PUSH_ALLOW_LOOPBACK=True,
        PUSH_RETRY_DELAYS=(0, 0),
    )
    yield app
    with app.app_context():
        db.engine.dispose()
