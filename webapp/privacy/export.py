"""Building a person's data export: a ZIP with a JSON file per area, their files, their baked
badges and a README in their language. Written to disk entry by entry (files are copied in
chunks by zipfile), then renamed into place; downloaded with send_file, which streams it.
Big accounts are built by a background job (webapp.jobs) and announced by email and inbox."""

import io
import json
import os
import secrets
import zipfile
from contextlib import nullcontext
from datetime import timedelta
from pathlib import Path

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import force_locale
from sqlalchemy import select

from quests import personal_data
from quests.clock import utcnow
from quests.models import User
from quests.notifications import Kind, notify
from quests.privacy_models import DataExport
from webapp import storage
from webapp.badges import images as badge_images
from webapp.badges.urls import SiteUrls
from webapp.competitions import personal_data as competition_data
from webapp.extensions import db
from webapp.mail import send_template

AREA = "exports"
VALID_FOR = timedelta(hours=24)
# A build still pending after this long died with its worker: the person may ask again.
GIVE_UP_AFTER = timedelta(hours=1)
# Check-ins (a teacher's notes of a talk with a student) have no table yet; the README says
# so. When they come, a student's export should hold the check-ins written about them: they
# are personal data about the student (GDPR art. 15), whoever wrote them.
README_AREAS = (
    "profile",
    "plan",
    "quests",
    "xp",
    "badges",
    "community",
    "competitions",
    "notifications",
)


def path_of(export: DataExport) -> Path:
    return storage.path_for(export.stored_name, AREA)


def file_count(user: User) -> int:
    return personal_data.file_count(db.session, user) + competition_data.file_count(
        db.session, user
    )


def in_progress(export: DataExport | None, now) -> bool:
    return (
        export is not None
        and export.status == "pending"
        and export.requested_at > now - GIVE_UP_AFTER
    )


def request_export(user: User) -> DataExport:
    now = utcnow()
    export = DataExport(user_id=user.id, requested_at=now, expires_at=now + VALID_FOR)
    db.session.add(export)
    db.session.flush()
    return export


def build(export_id: int, base_url: str, announce: bool) -> None:
    """Build the export's ZIP (a job, or inline for a small account), then mark it ready."""
    export = db.session.get(DataExport, export_id)
    if export is None or export.status != "pending":
        return
    user = db.session.get(User, export.user_id)
    # A job has no request: the badge URLs need one to be absolute.
    context = (
        nullcontext()
        if has_request_context()
        else current_app.test_request_context(base_url=base_url)
    )
    name = f"{secrets.token_urlsafe(18)}.zip"
    final = storage.path_for(name, AREA)
    partial = final.with_suffix(".zip.part")
    try:
        with context:
            _write_zip(partial, user)
            os.replace(partial, final)
            export.status, export.stored_name = "ready", name
            export.size_bytes = final.stat().st_size
            export.expires_at = utcnow() + VALID_FOR
            if announce:
                _announce(user, export)
            db.session.commit()
    except Exception:
        db.session.rollback()
        partial.unlink(missing_ok=True)
        final.unlink(missing_ok=True)
        export = db.session.get(DataExport, export_id)
        export.status = "failed"
        db.session.commit()
        raise


def _announce(user: User, export: DataExport) -> None:
    link = url_for("privacy.data", _external=True)
    notify(db.session, user=user, kind=Kind.DATA_EXPORT_READY, url=url_for("privacy.data"))
    send_template(user.email, "data_export_ready", user.locale, link=link)


def _write_zip(target: Path, user: User) -> None:
    data = personal_data.collect(db.session, user)
    competition_data.add_to(db.session, user, data)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        _add_badges(archive, data)
        missing = []
        for item in data.files:
            source = storage.path_for(item.stored_name, item.area)
            if source.exists():
                # Photos and videos are compressed already; copied in chunks by zipfile.
                archive.write(source, item.archive_path, compress_type=zipfile.ZIP_STORED)
            else:
                missing.append(item.archive_path)
        data.areas["profile"]["files_missing_from_storage"] = missing
        for area, content in data.areas.items():
            with archive.open(f"{area}.json", "w") as raw, io.TextIOWrapper(raw, "utf-8") as out:
                json.dump(content, out, ensure_ascii=False, indent=2)
        with force_locale(user.locale or "fi"):
            readme = render_template(
                "privacy/export_readme.txt", user=user, areas=README_AREAS, now=utcnow()
            )
        archive.writestr("README.txt", readme)


def _add_badges(archive: zipfile.ZipFile, data: personal_data.PersonalData) -> None:
    urls = SiteUrls()
    for award, entry in zip(data.awards, data.areas["badges"]["awards"], strict=True):
        entry["assertion_url"] = urls.assertion(award)
        entry["verification_page"] = url_for(
            "open_badges.verify", public_id=award.public_id, _external=True
        )
        if award.revoked_at is not None:
            continue
        image = storage.path_for(award.badge.image_name, badge_images.AREA)
        if not image.exists():
            continue
        png = award.badge.image_type == badge_images.PNG
        bake = badge_images.bake_png if png else badge_images.bake_svg
        baked, extension = bake(image.read_bytes(), entry["assertion_url"]), "png" if png else "svg"
        path = f"files/badges/{award.public_id}.{extension}"
        archive.writestr(path, baked)
        entry["baked_image"] = path


def delete_expired(now) -> int:
    """Delete the exports past their 24 hours, files first; returns how many."""
    expired = list(db.session.scalars(select(DataExport).where(DataExport.expires_at < now)))
    for export in expired:
        if export.stored_name:
            path_of(export).unlink(missing_ok=True)
        db.session.delete(export)
    return len(expired)
