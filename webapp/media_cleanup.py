"""`flask media check`: files with no row, and rows whose files vanished, in MEDIA_ROOT.

Orphan files come from a crash between writing a file and committing its row, or a
deletion that failed; vanished files from a lost disk or a restore without the media
folder. The check reports both; with --delete it removes orphans older than GRACE (a file
younger than that may belong to an upload still in progress).
"""

import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from quests.badge_models import BadgeApplication, BadgeClass
from quests.quest_models import Evidence
from webapp.competitions.models import Entry, VideoState
from webapp.extensions import db

GRACE_SECONDS = 60 * 60


@dataclass
class Findings:
    orphans: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    deleted: list[Path] = field(default_factory=list)


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file()) if folder.exists() else []


def _expected(session) -> dict[str, set[str]]:
    evidence = set(
        session.scalars(select(Evidence.stored_name).where(Evidence.stored_name.is_not(None)))
    )
    evidence |= set(
        session.scalars(
            select(BadgeApplication.file_name).where(BadgeApplication.file_name.is_not(None))
        )
    )
    badges = set(session.scalars(select(BadgeClass.image_name)))
    keys = set()
    for key, previous in session.execute(select(Entry.video_key, Entry.previous_video_key)):
        keys |= {k for k in (key, previous) if k}
    return {"evidence": evidence, "badges": badges, "competitions": keys}


def check(media_root: Path, delete: bool = False, now: float | None = None) -> Findings:
    now = time.time() if now is None else now
    expected = _expected(db.session)
    findings = Findings()
    for area in ("evidence", "badges"):
        for path in _files(media_root / area):
            if path.name not in expected[area]:
                findings.orphans.append(path)
        for name in sorted(expected[area]):
            if not (media_root / area / name).exists():
                findings.missing.append(f"{area}/{name}")
    for path in _files(media_root / "competitions"):
        # KEY.orig, KEY.mp4, KEY.jpg and their .part files.
        if path.name.split(".", 1)[0] not in expected["competitions"] or path.suffix == ".part":
            findings.orphans.append(path)
    ready = db.session.scalars(select(Entry.video_key).where(Entry.video_state == VideoState.READY))
    for key in ready:
        for suffix in ("mp4", "jpg"):
            if not (media_root / "competitions" / f"{key}.{suffix}").exists():
                findings.missing.append(f"competitions/{key}.{suffix}")
    if delete:
        for path in findings.orphans:
            if now - path.stat().st_mtime > GRACE_SECONDS:
                path.unlink(missing_ok=True)
                findings.deleted.append(path)
    return findings
