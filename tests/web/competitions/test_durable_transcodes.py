"""Video work survives: the row is the source of truth, failures of ours keep the upload,
the sweeper queues what a queue lost, and the organiser sees and retries what failed."""

import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from redis import Redis
from rq import SimpleWorker
from sqlalchemy import select

from tests import factories
from tests.conftest import log_in, page_token
from tests.web.competitions.conftest import make_competition, media_files, post_video
from webapp import jobs, sweeper, worker
from webapp.competitions import media
from webapp.competitions.models import Entry
from webapp.extensions import db

NO_REDIS = "redis://127.0.0.1:9/0"  # nothing listens there
FIELDS = {"title": "CV", "pitch": "Minä", "consent": "y"}


def _setup(data, with_admin=False):
    with data() as session:
        admin = factories.user(session, "admin")
        competition_id = make_competition(session, admin).id
        student = factories.user(session, "student").email
        admin_email = admin.email
    return (competition_id, student, admin_email) if with_admin else (competition_id, student)


def _entry(data) -> dict:
    with data() as session:
        entry = session.scalars(select(Entry)).one()
        return {
            "id": entry.id,
            "state": entry.video_state,
            "key": entry.video_key,
            "attempts": entry.video_attempts,
            "error": entry.video_error,
            "last_error": entry.video_last_error,
            "queued_at": entry.video_queued_at,
            "previous": entry.previous_video_key,
        }


def _killed(*args):
    raise subprocess.CalledProcessError(-9, ["ffmpeg"], stderr=b"")


def _disk_full(*args):
    raise subprocess.CalledProcessError(
        1, ["ffmpeg"], stderr=b"av_interleaved_write_frame(): No space left on device"
    )


def _run_worker(app, queue_name=jobs.MEDIA, monkeypatch=None):
    queue = jobs.redis_queue(app, queue_name)
    monkeypatch.setattr(worker, "_app", app)
    SimpleWorker([queue], connection=queue.connection).work(burst=True)


def test_redis_down_when_the_entry_is_saved_then_the_sweeper_queues_it(
    app, make_app, data, videos, redis_url, monkeypatch, caplog
):
    competition_id, student = _setup(data)
    down = make_app(REDIS_URL=NO_REDIS)
    client = down.test_client()
    log_in(client, student)
    url = f"/competitions/{competition_id}/enter"
    response = post_video(client, url, videos["mp4"], url, **FIELDS)
    # The entry is saved and the student told the truth; no 500.
    assert response.status_code == 303
    assert "the sweeper will queue it" in caplog.text
    saved = _entry(data)
    assert saved["state"] == "processing"
    assert [p.suffix for p in media_files(down)] == [".orig"]

    back = make_app(REDIS_URL=redis_url)
    with back.app_context():
        # Too early: the job may still be on its way.
        assert sweeper.sweep(back, datetime.now(UTC)).videos_queued == []
        report = sweeper.sweep(back, datetime.now(UTC) + timedelta(minutes=3))
    assert report.videos_queued == [saved["id"]]
    assert jobs.redis_queue(back, jobs.MEDIA).count == 1
    with back.app_context():
        # Queued now, so a second sweep does not queue it twice.
        assert sweeper.sweep(back, datetime.now(UTC) + timedelta(minutes=3)).videos_queued == []
    _run_worker(back, monkeypatch=monkeypatch)
    assert _entry(data)["state"] == "ready"
    assert sorted(p.suffix for p in media_files(back)) == [".jpg", ".mp4"]


def test_a_queue_that_lost_the_job_is_found_by_the_sweeper(
    app, make_app, data, videos, redis_url, monkeypatch
):
    """Redis restarted without its data (or the worker died): the row still says processing."""
    competition_id, student = _setup(data)
    queued = make_app(REDIS_URL=redis_url)
    client = queued.test_client()
    log_in(client, student)
    url = f"/competitions/{competition_id}/enter"
    assert post_video(client, url, videos["webm"], url, **FIELDS).status_code == 303
    assert jobs.redis_queue(queued, jobs.MEDIA).count == 1
    with queued.app_context():
        # Still in the queue: the sweeper leaves it alone however late it is.
        assert sweeper.sweep(queued, datetime.now(UTC) + timedelta(hours=1)).videos_queued == []
    Redis.from_url(redis_url).flushdb()
    with queued.app_context():
        report = sweeper.sweep(queued, datetime.now(UTC) + timedelta(minutes=3))
    assert report.videos_queued == [_entry(data)["id"]]
    _run_worker(queued, monkeypatch=monkeypatch)
    assert _entry(data)["state"] == "ready"


@pytest.mark.parametrize("failure", [_killed, _disk_full], ids=["ffmpeg killed", "disk full"])
def test_a_failure_of_ours_keeps_the_upload_and_says_so(
    app, client, login_as, data, videos, monkeypatch, caplog, failure
):
    competition_id, _ = _setup(data)
    login_as("student")
    monkeypatch.setattr(media, "run_ffmpeg", failure)
    url = f"/competitions/{competition_id}/enter"
    assert post_video(client, url, videos["mp4"], url, **FIELDS).status_code == 303
    first = _entry(data)
    assert first["state"] == "processing" and first["attempts"] == 1
    assert first["error"] == media.SERVER_TROUBLE
    assert first["last_error"].startswith("CalledProcessError")
    assert "transcoding entry" in caplog.text
    assert [p.suffix for p in media_files(app)] == [".orig"]
    page = client.get(f"/competitions/entries/{first['id']}").get_data(as_text=True)
    assert "ongelman vuoksi" in page  # "because of a problem on our side", in Finnish

    with app.app_context():
        for _ in range(media.MAX_ATTEMPTS - 2):  # the upload made the first attempt
            with pytest.raises(media.ServerTrouble):
                media.transcode_entry(first["id"], first["key"])
            db.session.remove()
        media.transcode_entry(first["id"], first["key"])
    last = _entry(data)
    assert last["state"] == "failed" and last["attempts"] == media.MAX_ATTEMPTS
    assert last["error"] == media.SERVER_GAVE_UP
    assert [p.suffix for p in media_files(app)] == [".orig"]  # kept for a retry


def test_the_organiser_sees_a_failed_video_and_converts_it_again(
    app, client, data, videos, monkeypatch
):
    competition_id, student, admin_email = _setup(data, with_admin=True)
    monkeypatch.setattr(media, "MAX_ATTEMPTS", 1)
    real = media.run_ffmpeg
    monkeypatch.setattr(media, "run_ffmpeg", _killed)
    log_in(client, student)
    url = f"/competitions/{competition_id}/enter"
    assert post_video(client, url, videos["mp4"], url, **FIELDS).status_code == 303
    assert _entry(data)["state"] == "failed"

    organiser = app.test_client()
    log_in(organiser, admin_email)
    manage = organiser.get(f"/competitions/{competition_id}/manage").get_data(as_text=True)
    assert "Videot, jotka vaativat huomiota" in manage
    monkeypatch.setattr(media, "run_ffmpeg", real)
    token = page_token(organiser, f"/competitions/{competition_id}/manage")
    entry_id = _entry(data)["id"]
    response = organiser.post(f"/competitions/entries/{entry_id}/retry", data={"csrf_token": token})
    assert response.status_code == 303
    assert _entry(data)["state"] == "ready"


def test_a_replaced_video_stays_until_the_new_one_is_ready(
    app, client, login_as, data, videos, monkeypatch
):
    competition_id, _ = _setup(data)
    login_as("student")
    url = f"/competitions/{competition_id}/enter"
    assert post_video(client, url, videos["mp4"], url, **FIELDS).status_code == 303
    first = _entry(data)
    assert first["state"] == "ready"

    # A new upload ffmpeg cannot read: the earlier video stays, and the student is told.
    monkeypatch.setattr(
        media,
        "run_ffmpeg",
        lambda *a: (_ for _ in ()).throw(
            subprocess.CalledProcessError(1, ["ffmpeg"], stderr=b"Invalid data found")
        ),
    )
    replace = f"/competitions/entries/{first['id']}/video"
    entry_page = f"/competitions/entries/{first['id']}"
    assert post_video(client, replace, videos["webm"], entry_page).status_code == 303
    after = _entry(data)
    assert after["state"] == "ready" and after["key"] == first["key"]
    assert after["error"] == media.KEPT_PREVIOUS and after["previous"] is None
    assert sorted(p.name for p in media_files(app)) == [
        f"{first['key']}.jpg",
        f"{first['key']}.mp4",
    ]
    with client.get(f"/competitions/entries/{first['id']}/video.mp4") as video:
        assert video.status_code == 200
