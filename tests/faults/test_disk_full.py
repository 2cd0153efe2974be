"""Disk full: a clear 507, no half-written file and no row left behind.

MEDIA_ROOT is a 1 MB tmpfs of the test's own, filled up on purpose (needs root to mount;
skipped otherwise).
"""

import io
import os
import subprocess

import pytest
from PIL import Image
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from quests.quest_models import Submission
from tests import factories
from tests.conftest import _empty_tables, log_in, page_token
from tests.web.competitions.conftest import make_competition, post_video
from webapp.competitions.models import Entry


@pytest.fixture
def small_disk(tmp_path):
    mount_point = tmp_path / "media"
    mount_point.mkdir()
    mounted = subprocess.run(  # noqa: S603 - fixed program, our own folder
        ["/usr/bin/mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["/usr/bin/umount", str(mount_point)], check=False)  # noqa: S603


def _fill(folder, leave_bytes: int) -> None:
    stat = os.statvfs(folder)
    free = stat.f_bavail * stat.f_frsize
    (folder / "filler").write_bytes(b"\0" * max(0, free - leave_bytes))


def _noise_jpeg() -> bytes:
    out = io.BytesIO()
    Image.frombytes("RGB", (700, 700), os.urandom(700 * 700 * 3)).save(out, "JPEG", quality=95)
    return out.getvalue()


def _leftovers(folder) -> list[str]:
    return sorted(
        str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.name != "filler"
    )


def test_a_photo_on_a_full_disk_gets_507_and_leaves_nothing(make_app, small_disk):
    app = make_app(MEDIA_ROOT=str(small_disk))
    try:
        with app.app_context():
            from webapp.extensions import db

            teacher = factories.user(db.session, "teacher")
            student = factories.user(db.session, "student")
            cohort = factories.cohort(db.session, teacher=teacher, students=[student])
            quest = factories.challenge(
                db.session, teacher, cohort, steps=[("Kuva", "photo")], title="Kuva"
            )
            db.session.commit()
            quest_id, step_id, email = quest.id, quest.steps[0].id, student.email
        client = app.test_client()
        log_in(client, email)
        token = page_token(client, f"/quests/{quest_id}")
        client.post(f"/quests/{quest_id}/accept", data={"csrf_token": token})
        _fill(small_disk, leave_bytes=16 * 1024)
        boundary, body = encode_multipart(
            {
                "csrf_token": token,
                f"step-{step_id}": FileStorage(io.BytesIO(_noise_jpeg()), "kuva.jpg"),
            }
        )
        response = client.post(
            f"/quests/{quest_id}/submit",
            data=body,
            content_type=f"multipart/form-data; boundary={boundary}",
        )
        assert response.status_code == 507
        assert "Palvelimella ei ole juuri nyt tilaa" in response.get_data(as_text=True)
        assert _leftovers(small_disk) == []
        with app.app_context():
            from webapp.extensions import db

            assert db.session.scalar(select(func.count()).select_from(Submission)) == 0
    finally:
        _empty_tables(app)


def test_a_video_on_a_full_disk_gets_507_and_leaves_nothing(make_app, small_disk, videos):
    app = make_app(MEDIA_ROOT=str(small_disk), JOBS_EAGER=True)
    try:
        with app.app_context():
            from webapp.extensions import db

            competition_id = make_competition(db.session, factories.user(db.session, "admin")).id
            email = factories.user(db.session, "student").email
            db.session.commit()
        client = app.test_client()
        log_in(client, email)
        (small_disk / "competitions").mkdir()
        _fill(small_disk, leave_bytes=4 * 1024)
        url = f"/competitions/{competition_id}/enter"
        response = post_video(
            client, url, videos["mp4"], url, title="CV", pitch="Minä", consent="y"
        )
        assert response.status_code == 507
        assert _leftovers(small_disk) == []
        with app.app_context():
            from webapp.extensions import db

            assert db.session.scalar(select(func.count()).select_from(Entry)) == 0
    finally:
        _empty_tables(app)
