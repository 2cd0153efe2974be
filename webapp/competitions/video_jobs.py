"""The organiser's view of video conversions: which need attention, and trying one again."""

from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from quests.errors import N_, Conflict
from quests.models import User
from webapp.competitions import media
from webapp.competitions.models import Entry, VideoState
from webapp.competitions.services import require_organiser

# A conversion this much past its queueing has stalled (a normal one takes minutes).
STALLED_AFTER = timedelta(minutes=45)


def needing_attention(session: Session, competition_id: int, now: datetime) -> list[Entry]:
    """Failed entries, and processing ones that have failed once or stalled."""
    return list(
        session.scalars(
            select(Entry)
            .options(joinedload(Entry.student))
            .where(
                Entry.competition_id == competition_id,
                or_(
                    Entry.video_state == VideoState.FAILED,
                    (Entry.video_state == VideoState.PROCESSING)
                    & or_(
                        Entry.video_last_error.is_not(None),
                        Entry.video_queued_at.is_(None),
                        Entry.video_queued_at < now - STALLED_AFTER,
                    ),
                ),
            )
            .order_by(Entry.id)
        )
    )


def can_retry(entry: Entry) -> bool:
    """Only an upload we still hold can be converted again."""
    return bool(entry.video_key) and media.path_of(entry.video_key, "orig").exists()


def retry(session: Session, actor: User, entry: Entry, now: datetime) -> None:
    """Start the conversion again from the kept upload; the caller commits and queues it."""
    require_organiser(actor)
    if entry.video_state not in (VideoState.FAILED, VideoState.PROCESSING) or not can_retry(entry):
        raise Conflict(N_("This video cannot be converted again: the student has to upload it."))
    entry.video_state = VideoState.PROCESSING
    entry.video_error = None
    entry.video_attempts = 0
    entry.video_queued_at = now
    session.flush()
