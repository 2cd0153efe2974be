"""`flask jobs sweep`: queue again the work the database says is owed but no queue holds.

A video still "processing" and a push still "pending" are rows; a queue can lose their jobs
(a worker killed mid-transcode, Redis restarted without its data, Redis down at the moment
of queueing). Run this every few minutes from cron or the scheduler (see README).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import or_, select

from quests.errors import N_
from quests.notification_models import Notification
from webapp import jobs
from webapp.competitions import media
from webapp.competitions.models import Entry, VideoState
from webapp.extensions import db
from webapp.notifications import push

# With Redis, RQ says whether a job is still queued or running: a short wait is enough.
# Without it, a job may be running in a web process's thread that nobody can ask.
STUCK_WITH_REDIS = timedelta(minutes=2)
STUCK_WITHOUT_REDIS = timedelta(seconds=2 * media.TRANSCODE_TIMEOUT + 300)
PUSH_STUCK_WITHOUT_REDIS = timedelta(minutes=10)
# A push a day late is no news: it stays in the inbox and is not sent.
PUSH_WINDOW = timedelta(days=1)
MAX_PUSH_ATTEMPTS = 6
UPLOAD_LOST = N_("The uploaded video was lost on our side. Upload it again, please.")


@dataclass
class Report:
    videos_queued: list[int] = field(default_factory=list)
    videos_failed: list[int] = field(default_factory=list)
    pushes_queued: list[int] = field(default_factory=list)
    pushes_dropped: list[int] = field(default_factory=list)


def stuck_entries(session, now: datetime, stuck_after: timedelta) -> list[Entry]:
    return list(
        session.scalars(
            select(Entry)
            .where(
                Entry.video_state == VideoState.PROCESSING,
                or_(Entry.video_queued_at.is_(None), Entry.video_queued_at < now - stuck_after),
            )
            .order_by(Entry.id)
        )
    )


def _sweep_videos(app: Flask, now: datetime, report: Report) -> None:
    redis = bool(app.config.get("REDIS_URL"))
    for entry in stuck_entries(db.session, now, STUCK_WITH_REDIS if redis else STUCK_WITHOUT_REDIS):
        entry_id, key = entry.id, entry.video_key
        if jobs.is_alive(app, media.transcode_options(entry_id, key).job_id):
            continue
        if entry.video_attempts >= media.MAX_ATTEMPTS or not media.path_of(key, "orig").exists():
            entry.video_state = VideoState.FAILED
            entry.video_error = (
                media.SERVER_GAVE_UP if media.path_of(key, "orig").exists() else UPLOAD_LOST
            )
            db.session.commit()
            report.videos_failed.append(entry_id)
            continue
        entry.video_queued_at = now
        db.session.commit()
        if media.queue_transcode(entry_id, key):
            report.videos_queued.append(entry_id)


def _sweep_pushes(app: Flask, now: datetime, report: Report) -> None:
    redis = bool(app.config.get("REDIS_URL"))
    stuck_after = STUCK_WITH_REDIS if redis else PUSH_STUCK_WITHOUT_REDIS
    pending = db.session.scalars(
        select(Notification)
        .where(
            Notification.push_state == push.PUSH_PENDING,
            Notification.created_at < now - stuck_after,
        )
        .order_by(Notification.id)
    ).all()
    for notification in pending:
        notification_id = notification.id
        if notification.created_at < now - PUSH_WINDOW or (
            notification.push_attempts >= MAX_PUSH_ATTEMPTS
        ):
            notification.push_state = "failed"
            notification.push_error = "not delivered in time"
            db.session.commit()
            report.pushes_dropped.append(notification_id)
            continue
        if jobs.is_alive(app, f"push-{notification_id}"):
            continue
        db.session.commit()  # nothing read stays open while the job writes (SQLite)
        if jobs.try_enqueue(
            push.deliver,
            notification_id,
            options=push.delivery_options(app, notification_id),
        ):
            report.pushes_queued.append(notification_id)


def sweep(app: Flask, now: datetime) -> Report:
    report = Report()
    _sweep_videos(app, now, report)
    _sweep_pushes(app, now, report)
    return report
