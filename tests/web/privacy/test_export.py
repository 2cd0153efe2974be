"""The data export: every area's JSON valid, every uploaded file present, a README in the
person's language; built in the background for big accounts, valid 24 hours, only theirs."""

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, update

from quests.notification_models import Notification
from quests.privacy_models import DataExport
from tests import factories
from tests.conftest import log_in, page_token
from tests.web import outbox
from webapp.extensions import db

AREAS = [
    "profile",
    "plan",
    "quests",
    "xp",
    "badges",
    "community",
    "competitions",
    "notifications",
]


def _export(client, email):
    log_in(client, email)
    token = page_token(client, "/settings/data")
    assert client.post("/settings/data/export", data={"csrf_token": token}).status_code == 303
    page = client.get("/settings/data").get_data(as_text=True)
    link = page.split('href="/settings/data/exports/')[1].split('"')[0]
    return f"/settings/data/exports/{link}"


def _download(client, url):
    with client.get(url) as response:
        return response.status_code, response.mimetype, response.get_data()


def _paths(value):
    """Every archive path an area's JSON names ("file", "files", "baked_image")."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in ("file", "baked_image"):
                yield inner
            elif key == "files":
                yield from inner
            else:
                yield from _paths(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _paths(inner)


def test_the_zip_has_every_area_and_every_file(app, client, world):
    url = _export(client, world.email)
    status, mimetype, body = _download(client, url)
    assert (status, mimetype) == (200, "application/zip")
    archive = zipfile.ZipFile(io.BytesIO(body))
    names = set(archive.namelist())
    areas = {area: json.loads(archive.read(f"{area}.json")) for area in AREAS}
    named = set()
    for content in areas.values():
        named |= set(_paths(content))
    assert named <= names
    # The photo, the application's PDF, the video and its poster, and the baked badge.
    assert len([n for n in named if n.startswith("files/")]) == 5
    assert archive.read([n for n in named if n.endswith("hakemus.pdf")][0]) == b"%PDF-1.4 hakemus"
    assert areas["profile"]["email"] == world.email
    assert areas["profile"]["files_missing_from_storage"] == []
    assert areas["quests"][0]["submissions"][0]["evidence"][0]["kind"] == "photo"
    assert areas["xp"]["ledger"][0]["amount"] == 50
    award = areas["badges"]["awards"][0]
    assert award["assertion_url"].endswith(f"/ob/assertions/{world.award_public_id}")
    baked = archive.read(award["baked_image"])
    assert award["assertion_url"].encode() in baked  # baked into the PNG
    assert areas["plan"]["comments_i_wrote_on_plans"][0]["body"] == "Hyvä suunnitelma!"
    entry = areas["competitions"]["entries"][0]
    assert entry["title"] == "Poistuvan CV" and len(entry["files"]) == 2
    assert areas["competitions"]["scores_i_gave_as_judge"][0]["comment"] == "Selkeä"
    assert areas["notifications"]["push_devices"][0]["device"] == "Firefox · Android"
    readme = archive.read("README.txt").decode()
    assert "Tietosi Polussa" in readme and "competitions.json" in readme
    assert "password_hash" not in json.dumps(areas) and "session_token" not in json.dumps(areas)


def test_a_big_account_is_built_by_a_job_and_announced(app, client, world):
    app.config["EXPORT_BACKGROUND_FILES"] = 1
    url = _export(client, world.email)
    assert _download(client, url)[0] == 200
    [mail] = [m for m in outbox.messages(app) if m["To"] == world.email]
    assert "/settings/data" in mail.get_content()
    with app.app_context():
        kinds = db.session.scalars(
            select(Notification.kind).where(Notification.user_id == world.person_id)
        ).all()
        assert "data_export_ready" in kinds


def test_a_small_account_is_built_at_once_without_an_email(app, client, world):
    url = _export(client, world.email)
    assert _download(client, url)[0] == 200
    assert [m for m in outbox.messages(app) if m["To"] == world.email] == []


def test_the_download_is_only_the_persons_and_only_for_24_hours(app, client, world):
    url = _export(client, world.email)
    with app.app_context():
        email = factories.user(db.session, "student").email
        db.session.commit()
    stranger = app.test_client()
    log_in(stranger, email)
    assert _download(stranger, url)[0] == 404
    with app.app_context():
        db.session.execute(
            update(DataExport).values(expires_at=datetime.now(UTC) - timedelta(minutes=1))
        )
        db.session.commit()
    assert _download(client, url)[0] == 410
    result = app.test_cli_runner().invoke(args=["privacy", "retention"])
    assert "1 expired data export(s)" in result.output, result.output
    with app.app_context():
        assert db.session.scalar(select(DataExport)) is None
    assert list((Path(app.config["MEDIA_ROOT"]) / "exports").glob("*.zip")) == []


def test_a_build_that_died_pending_does_not_block_a_new_one(app, client, world):
    log_in(client, world.email)
    with app.app_context():
        now = datetime.now(UTC)
        for requested in (now - timedelta(minutes=5), now - timedelta(hours=2)):
            db.session.add(
                DataExport(
                    user_id=world.person_id,
                    requested_at=requested,
                    expires_at=requested + timedelta(hours=24),
                )
            )
            db.session.commit()
            page = client.get("/settings/data").get_data(as_text=True)
            waiting = requested > now - timedelta(hours=1)
            assert ("Kokoa tietoni" in page) is not waiting
            assert ("Tietojasi kootaan." in page) is waiting
    assert "Tietojesi kokoaminen epäonnistui." in page
    again = app.test_client()
    assert _download(again, _export(again, world.email))[0] == 200
