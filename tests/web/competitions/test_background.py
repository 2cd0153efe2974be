"""Transcoding as a real background job: in a thread by default, through RQ with Redis."""

import time

from sqlalchemy import select

from tests import factories
from tests.conftest import log_in
from tests.web.competitions.conftest import make_competition, media_files, post_video
from webapp import jobs, worker
from webapp.competitions.models import Entry

# Not db 15: the job-queue tests flush that one.
FIELDS = {"title": "CV", "pitch": "Minä", "consent": "y"}


def _setup(data):
    with data() as session:
        competition_id = make_competition(session, factories.user(session, "admin")).id
        student = factories.user(session, "student").email
    return competition_id, student


def _state(data) -> str:
    with data() as session:
        return session.scalars(select(Entry.video_state)).one()


def test_the_thread_transcodes_after_the_answer(app, make_app, data, videos):
    competition_id, student = _setup(data)
    threaded = make_app()
    client = threaded.test_client()
    log_in(client, student)
    url = f"/competitions/{competition_id}/enter"
    assert post_video(client, url, videos["mp4"], url, **FIELDS).status_code == 303
    deadline = time.monotonic() + 30
    while _state(data) == "processing" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _state(data) == "ready"
    assert sorted(p.suffix for p in media_files(threaded)) == [".jpg", ".mp4"]


def test_with_redis_an_rq_worker_transcodes(app, make_app, data, videos, redis_url, monkeypatch):
    from rq import SimpleWorker

    competition_id, student = _setup(data)
    queued = make_app(REDIS_URL=redis_url)
    client = queued.test_client()
    log_in(client, student)
    url = f"/competitions/{competition_id}/enter"
    assert post_video(client, url, videos["webm"], url, **FIELDS).status_code == 303
    queue = jobs.redis_queue(queued, jobs.MEDIA)
    assert queue.count == 1 and _state(data) == "processing"
    monkeypatch.setattr(worker, "_app", queued)
    SimpleWorker([queue], connection=queue.connection).work(burst=True)
    assert _state(data) == "ready"
    assert sorted(p.suffix for p in media_files(queued)) == [".jpg", ".mp4"]
