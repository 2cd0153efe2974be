"""Pushes, email and videos do not share a queue, nor (without Redis) a thread pool."""

import os
import socket
import threading
import time

import pytest
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from tests.conftest import page_token
from tests.web import job_targets
from webapp import jobs, worker
from webapp.competitions import media
from webapp.notifications import push

REDIS_URL = os.environ.get("TEST_QUEUES_REDIS_URL", "redis://127.0.0.1:6379/12")


def test_a_hanging_push_does_not_hold_up_a_video(make_app, tmp_path):
    app = make_app()
    with app.app_context():
        hanging = [
            jobs.enqueue(
                job_targets.wait_for, str(tmp_path / "go"), options=jobs.Options(queue=jobs.PUSH)
            )
            for _ in range(4)
        ]
        started = time.monotonic()
        video = jobs.enqueue(
            job_targets.write_user_count,
            str(tmp_path / "n"),
            options=jobs.Options(queue=jobs.MEDIA),
        )
        assert video.result(timeout=10) == 0
    assert time.monotonic() - started < 5
    (tmp_path / "go").touch()
    for future in hanging:
        future.result(timeout=10)


def test_each_kind_goes_to_its_own_redis_queue(make_app):
    connection = Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except RedisConnectionError:
        pytest.skip(f"Redis is not answering at {REDIS_URL}")
    connection.flushdb()
    app = make_app(REDIS_URL=REDIS_URL)
    try:
        with app.app_context():
            push.enqueue_delivery(app, 41)
            media.queue_transcode(7, "abc")
        assert jobs.redis_queue(app, jobs.PUSH).job_ids == ["push-41"]
        assert jobs.redis_queue(app, jobs.MEDIA).job_ids == ["transcode-7-abc"]
        assert jobs.redis_queue(app, jobs.DEFAULT).count == 0
    finally:
        connection.flushdb()
        connection.close()


@pytest.fixture
def hanging_smtp():
    """A server on 127.0.0.1 that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    server.close()


def test_a_hanging_smtp_server_does_not_hold_up_the_request(
    make_app, make_user, hanging_smtp, monkeypatch
):
    from webapp import mail

    monkeypatch.setattr(mail, "SMTP_TIMEOUT", 0.5)
    monkeypatch.setattr(mail, "RETRY_DELAYS", ())
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=hanging_smtp, MAIL_USE_TLS=False)
    person = make_user("student")
    client = app.test_client()
    token = page_token(client, "/password/forgot")
    started = time.monotonic()
    response = client.post("/password/forgot", data={"csrf_token": token, "email": person.email})
    assert response.status_code < 500
    assert time.monotonic() - started < 2
    assert client.get("/healthz").status_code == 200
    # Let the background try time out before the app goes away.
    jobs._pools[jobs.MAIL].submit(lambda: None).result(timeout=10)


def test_the_worker_builds_the_app_once_before_it_forks_jobs(make_app, monkeypatch, tmp_path):
    """A forked job inherits the app; building it per job cost seconds (6 s a push)."""
    from webapp.worker import PolkuWorker

    app = make_app()
    built = []
    monkeypatch.setattr(worker, "_app", None)
    monkeypatch.setattr(worker, "create_app", lambda: built.append(1) or app)
    connection = Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except RedisConnectionError:
        pytest.skip(f"Redis is not answering at {REDIS_URL}")
    PolkuWorker([jobs.QUEUE_NAMES[jobs.PUSH]], connection=connection)
    assert built == [1] and worker._app is app
    worker.run_job("tests.web.job_targets:write_user_count", (str(tmp_path / "n"),))
    assert built == [1]
