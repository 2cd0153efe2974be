"""The media worker killed mid-transcode: the row still says processing, the sweeper
queues it again once the job's heartbeat has stopped, and a new worker finishes it."""

import contextlib
import os
import shutil
import signal
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from rq.job import Job
from sqlalchemy import select

from tests import factories
from tests.conftest import _empty_tables, log_in
from tests.faults.conftest import ROOT
from tests.web.competitions.conftest import make_competition, post_video
from webapp import jobs, sweeper
from webapp.competitions.models import Entry
from webapp.extensions import db


def _start_worker(env) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own program and arguments
        [
            str(ROOT / ".venv" / "bin" / "rq"),
            "worker",
            "--worker-class",
            "webapp.worker.PolkuWorker",
            "--url",
            env["REDIS_URL"],
            "--path",
            str(ROOT),
            "polku-media",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the work horse dies with it
    )


def _descendants(pid: int) -> list[int]:
    """Every process below pid, read from /proc (RQ's work horse may leave the worker's group)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _kill_hard(process: subprocess.Popen) -> None:
    """SIGKILL the worker, its work horse and the horse's ffmpeg, as a crash would."""
    for pid in [process.pid, *_descendants(process.pid)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    process.wait(timeout=10)


def _state(app) -> str:
    with app.app_context():
        state = db.session.scalar(select(Entry.video_state))
        db.session.remove()
        return state


def _wait(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def long_video(tmp_path):
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        pytest.skip("ffmpeg is missing")
    path = tmp_path / "long.mp4"
    subprocess.run(  # noqa: S603 - fixed program, our own file
        [
            ffmpeg,
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=1280x720:rate=30",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440",
            "-t",
            "40",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-c:a",
            "aac",
            "-shortest",
            str(path),
        ],
        check=True,
        capture_output=True,
    )
    return path


@pytest.mark.faults
def test_a_worker_killed_mid_transcode_loses_no_work(
    make_app, migrated, redis_process, tmp_path, long_video
):
    env = {
        "DATABASE_URL": migrated,
        "REDIS_URL": redis_process.url,
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    app = make_app(REDIS_URL=redis_process.url, MEDIA_ROOT=env["MEDIA_ROOT"], JOB_SILENCE_SECONDS=5)
    workers = []
    try:
        with app.app_context():
            admin = factories.user(db.session, "admin")
            competition_id = make_competition(db.session, admin, max_duration_seconds=180).id
            email = factories.user(db.session, "student").email
            db.session.commit()
        client = app.test_client()
        log_in(client, email)
        url = f"/competitions/{competition_id}/enter"
        response = post_video(client, url, long_video, url, title="CV", pitch="Minä", consent="y")
        assert response.status_code == 303, response.get_data(as_text=True)[-500:]
        with app.app_context():
            entry_id, key = db.session.execute(select(Entry.id, Entry.video_key)).one()
        job_id = f"transcode-{entry_id}-{key}"
        connection = jobs.redis_connection(app)

        workers.append(_start_worker(env))
        assert _wait(lambda: Job.fetch(job_id, connection=connection).get_status() == "started", 60)
        time.sleep(1)
        _kill_hard(workers[0])
        assert _state(app) == "processing"

        # While its heartbeat is fresh the job counts as running: nothing is queued twice.
        with app.app_context():
            now = datetime.now(UTC) + timedelta(minutes=3)
            assert sweeper.sweep(app, now).videos_queued == []
        time.sleep(6)
        with app.app_context():
            assert sweeper.sweep(app, now).videos_queued == [entry_id]

        workers.append(_start_worker(env))
        assert _wait(lambda: _state(app) == "ready", 180), _state(app)
        with app.app_context():
            assert db.session.scalar(select(Entry.video_attempts)) == 2
    finally:
        for worker in workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(timeout=30)
        _empty_tables(app)
