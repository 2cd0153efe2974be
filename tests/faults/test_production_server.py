"""The production setup, run for real: gunicorn with the shipped gunicorn.conf.py.

Two web processes with the same settings against one database, Redis and media folder
share sessions, CSRF tokens, files and rate limits; a slow upload outlives the worker
timeout that cut one off under the sync worker.
"""

import socket
import time

import pytest

from tests import factories
from tests.faults.conftest import Browser, WebProcess
from webapp.extensions import db


@pytest.fixture
def shared(make_app, migrated, redis_process, tmp_path):
    env = {
        "DATABASE_URL": migrated,
        "REDIS_URL": redis_process.url,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "OUTBOX_DIR": str(tmp_path / "outbox"),
        "WEB_CONCURRENCY": "1",
    }
    app = make_app(MEDIA_ROOT=env["MEDIA_ROOT"], REDIS_URL=redis_process.url)
    servers = []
    yield app, env, servers
    for server in servers:
        server.stop()
    from tests.conftest import _empty_tables

    _empty_tables(app)


@pytest.mark.faults
def test_two_web_processes_share_sessions_csrf_files_and_limits(shared):
    app, env, servers = shared
    with app.app_context():
        teacher = factories.user(db.session, "teacher")
        badge = factories.badge_class(db.session, teacher)
        db.session.commit()
        email, badge_id = teacher.email, badge.public_id
    servers += [WebProcess(env), WebProcess(env)]
    a, b = (server.port for server in servers)

    browser = Browser()
    token = browser.token(a)  # the form and its token from A...
    status, headers, _ = browser.request(
        b, "POST", "/login", {"csrf_token": token, "email": email, "password": factories.PASSWORD}
    )
    assert status == 302, servers[1].output()[-2000:]  # ...accepted by B
    status, _, page = browser.request(a, "GET", "/settings/")  # signed in on A as well
    assert status == 200 and email.encode() in page

    images = [browser.request(port, "GET", f"/ob/badges/{badge_id}/image") for port in (a, b)]
    assert [status for status, _, _ in images] == [200, 200]
    assert images[0][2] == images[1][2]

    stranger = Browser()
    statuses = []
    for n in range(11):
        port = (a, b)[n % 2]
        form = {"csrf_token": stranger.token(port), "email": "kuka@example.fi", "password": "x"}
        statuses.append(stranger.request(port, "POST", "/login", form)[0])
    # Ten failed logins a minute from one address, counted once across both processes.
    assert statuses == [401] * 10 + [429]


@pytest.mark.faults
def test_a_slow_upload_outlives_the_worker_timeout(shared):
    """The sync worker was killed after `timeout` s mid-upload; a gthread worker is not.

    Checked by hand the other way: GUNICORN_WORKER_CLASS=sync GUNICORN_THREADS=1 logs
    WORKER TIMEOUT and the client's connection breaks.
    """
    _, env, servers = shared
    servers.append(WebProcess({**env, "GUNICORN_TIMEOUT": "4"}))
    port = servers[0].port
    token_browser = Browser()
    token = token_browser.token(port, "/password/forgot")
    body = f"csrf_token={token}&email=hidas%40example.fi&pad=".encode() + b"x" * 10000
    cookie = "; ".join(f"{k}={v}" for k, v in token_browser.cookies.items())
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=120) as connection:
        connection.sendall(
            (
                "POST /password/forgot HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {len(body)}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
            ).encode()
        )
        # 10 s for the body, over twice the worker timeout: a phone on a weak connection.
        for start in range(0, len(body), 500):
            connection.sendall(body[start : start + 500])
            time.sleep(0.5)
        answer = connection.recv(200)
    assert time.monotonic() - started > 9
    assert answer.startswith(b"HTTP/1.1 303") or answer.startswith(b"HTTP/1.1 200"), answer
    assert "WORKER TIMEOUT" not in servers[0].output()
