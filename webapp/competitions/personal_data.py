"""The competition's part of a person's data: their entries with the videos and captions and
the scores they gave as a judge (for the export), and what deleting their account does here.

Defined in PRIVACY.md: a deleted student's entries go with their video files; a deleted
judge's scores stay, no longer linked to them, so every competition's results still add up.
"""

from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from quests.models import User
from quests.personal_data import ExportFile, PersonalData, fields_of
from webapp.competitions import media
from webapp.competitions.models import Assignment, Entry, Judge

# Where an entry's files lie: KEY.<suffix> in MEDIA_ROOT/competitions (see media.py).
VIDEO_FILES = (("mp4", "video.mp4"), ("jpg", "poster.jpg"), ("orig", "original-upload"))


def _entries(session: Session, user: User) -> list[Entry]:
    return list(
        session.scalars(
            select(Entry)
            .where(Entry.student_id == user.id)
            .options(selectinload(Entry.competition))
            .order_by(Entry.id)
        )
    )


def add_to(session: Session, user: User, data: PersonalData) -> None:
    entries = []
    for entry in _entries(session, user):
        item = {
            "competition": entry.competition.title,
            **fields_of(entry, "title", "pitch", "consent_at", "under_18", "guardian_consent_at"),
            **fields_of(entry, "video_state", "duration_seconds", "transcript", "created_at"),
            "files": [],
        }
        if entry.captions_vtt:
            item["captions_vtt"] = entry.captions_vtt
        if entry.video_key:
            for suffix, name in VIDEO_FILES:
                if media.path_of(entry.video_key, suffix).exists():
                    path = f"files/competitions/{entry.id}-{name}"
                    data.files.append(
                        ExportFile("competitions", f"{entry.video_key}.{suffix}", path)
                    )
                    item["files"].append(path)
        entries.append(item)
    judged = session.scalars(
        select(Assignment)
        .join(Judge)
        .where(Judge.user_id == user.id)
        .options(selectinload(Assignment.entry).selectinload(Entry.competition))
        .order_by(Assignment.id)
    )
    scores = []
    for assignment in judged:
        criteria = {c.id: c.name for c in assignment.entry.competition.criteria}
        scores.append(
            {
                "competition": assignment.entry.competition.title,
                "entry": assignment.entry.title,
                "comment": assignment.comment,
                "scores": {criteria.get(s.criterion_id, "?"): s.value for s in assignment.scores},
            }
        )
    data.areas["competitions"] = {"entries": entries, "scores_i_gave_as_judge": scores}


def file_count(session: Session, user: User) -> int:
    return sum(1 for entry in _entries(session, user) if entry.video_key)


def forget(session: Session, user: User) -> list[Path]:
    """Delete the person's entries and unlink them from their judging; returns the video files
    to delete once the deletion commits."""
    files = []
    for entry in _entries(session, user):
        if entry.video_key:
            files += [media.path_of(entry.video_key, suffix) for suffix, _ in VIDEO_FILES]
        session.delete(entry)
    judges = session.scalars(select(Judge.id).where(Judge.user_id == user.id)).all()
    for judge_id in judges:
        # The seat stays with its scores; the address no longer says who sat in it.
        session.execute(
            update(Judge)
            .where(Judge.id == judge_id)
            .values(user_id=None, email=f"deleted-judge-{judge_id}@deleted.invalid")
        )
    session.flush()
    return files
