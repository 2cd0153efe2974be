"""Web Push delivery, after the transaction that made a notification commits.

Other modules only call quests.notifications.notify() inside their transaction.
Session events collect the new Notification rows on flush and, once the
transaction has committed, enqueue one delivery job per notification; a
rollback discards them. A delivery job renders the notification in the
person's language and sends it to each of their subscribed devices.
"""

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from flask import Flask, current_app, has_app_context
from sqlalchemy import event, select
from sqlalchemy.orm import Session
from webpush import WebPush, WebPushSubscription

from quests.clock import utcnow
from quests.models import User
from quests.notification_models import Notification, PushSubscription
from webapp import jobs
from webapp.extensions import db
from webapp.notifications import endpoints, preferences, vapid
from webapp.notifications.kinds import render_in, spec_for

PENDING = "polku_push_pending"
# A push message carries at most 4096 bytes (RFC 8030 §7.2) including the
# 86-byte aes128gcm header, the 16-byte tag and the padding delimiter.
MAX_PAYLOAD = 3072
# Retry-After from a push service is followed, up to this, in the thread path.
MAX_RETRY_AFTER = 60
DELIVER = "webapp.notifications.push:deliver"
PUSH_PENDING = "pending"


class RetryLater(Exception):
    """Some devices' push services answered 429 or 5xx; RQ tries the job again."""


@dataclass(frozen=True)
class Outcome:
    status: int | None  # None: the push service could not be reached
    retry_after: int = 0

    @property
    def delivered(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def gone(self) -> bool:
        return self.status in (404, 410)

    @property
    def retry(self) -> bool:
        return self.status is None or self.status == 429 or self.status >= 500


def payload_for(notification: Notification, locale: str) -> bytes:
    """The JSON the service worker shows, in the reader's language, well under 4 KB."""
    title, body = render_in(notification, locale)
    message = {
        "id": notification.id,
        "title": title,
        "body": body,
        "url": notification.url or "/notifications",
        "tag": f"polku-{notification.id}",
    }
    encoded = json.dumps(message, ensure_ascii=False).encode()
    while len(encoded) > MAX_PAYLOAD and message["body"]:
        message["body"] = message["body"][: len(message["body"]) // 2] + "…"
        encoded = json.dumps(message, ensure_ascii=False).encode()
    return encoded


def send(subscription: PushSubscription, payload: bytes, kind: str, keys: vapid.VapidKeys):
    """Encrypt (RFC 8291, aes128gcm) and POST one message to one device's push service."""
    spec = spec_for(kind)
    message = WebPush(
        private_key=keys.private_pem,
        public_key=keys.public_pem,
        subscriber=keys.subject.removeprefix("mailto:"),
        ttl=spec.ttl,
    ).get(
        payload,
        WebPushSubscription.model_validate(
            {
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            }
        ),
    )
    headers = {
        "Content-Type": "application/octet-stream",
        "Content-Encoding": "aes128gcm",
        "TTL": str(spec.ttl),
        "Urgency": spec.urgency,
        # Our own JWT, whose aud keeps a non-default port (see vapid.audience).
        "Authorization": vapid.authorization(keys, subscription.endpoint),
    }
    request = urllib.request.Request(  # noqa: S310 - the opener checks scheme and address
        subscription.endpoint, data=message.encrypted, headers=headers, method="POST"
    )
    opener = endpoints.opener(current_app.config["PUSH_ALLOW_LOOPBACK"])
    try:
        with opener.open(request, timeout=endpoints.READ_TIMEOUT) as response:
            return Outcome(response.status)
    except urllib.error.HTTPError as error:
        retry_after = error.headers.get("Retry-After", "")
        return Outcome(error.code, int(retry_after) if retry_after.isdigit() else 0)
    except urllib.error.URLError as error:
        if isinstance(error.reason, endpoints.ForbiddenAddress):
            # Never sent, and never to be: the subscription is removed like a gone one.
            current_app.logger.warning("push endpoint refused: %s", error.reason)
            return Outcome(410)
        return Outcome(None)
    except (TimeoutError, OSError):
        return Outcome(None)


def _current_rq_job():
    from rq import get_current_job

    return get_current_job()


def deliver(notification_id: int) -> dict:
    """The job: push one notification to each of its person's devices.

    Returns {subscription id: last HTTP status} for the log and the tests.
    """
    app = current_app._get_current_object()
    keys = vapid.current_keys(app)
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.push_state != PUSH_PENDING:
        return {}  # gone, or settled already (the sweeper may queue one twice)
    user = db.session.get(User, notification.user_id)
    if (
        keys is None
        or spec_for(notification.kind) is None
        or not preferences.wants(db.session, user.id, notification.kind)
    ):
        _settle(notification, "skipped")
        return {}
    notification.push_attempts += 1
    rq_job = _current_rq_job()
    done = set(rq_job.meta.get("push_done", [])) if rq_job else set()
    pending = list(
        db.session.scalars(
            select(PushSubscription)
            .where(PushSubscription.user_id == user.id)
            .order_by(PushSubscription.id)
        )
    )
    pending = [subscription for subscription in pending if subscription.id not in done]
    payload = payload_for(notification, user.locale or app.config["BABEL_DEFAULT_LOCALE"])
    delays = app.config["PUSH_RETRY_DELAYS"]
    statuses: dict[int, int | None] = {}
    for attempt in range(len(delays) + 1):
        again, wait = [], 0
        for subscription in pending:
            try:
                outcome = send(subscription, payload, notification.kind, keys)
            except ValueError:
                # Keys no message can be encrypted for: the subscription can never work.
                app.logger.exception("push subscription %s is unusable", subscription.id)
                outcome = Outcome(410)
            statuses[subscription.id] = outcome.status
            if outcome.delivered:
                subscription.last_success_at = utcnow()
                done.add(subscription.id)
            elif outcome.gone:
                # The person unsubscribed or the browser dropped the subscription.
                db.session.delete(subscription)
            elif outcome.retry:
                again.append(subscription)
                wait = max(wait, min(outcome.retry_after, MAX_RETRY_AFTER))
            else:
                app.logger.warning(
                    "push to subscription %s refused with %s", subscription.id, outcome.status
                )
        if not again:
            _settle(notification, "sent" if done or not statuses else "failed")
            return statuses
        notification.push_error = f"{len(again)} device(s) to try again"
        db.session.commit()
        if rq_job is not None:
            # RQ's Retry runs the job again later; devices already reached are skipped.
            rq_job.meta["push_done"] = sorted(done)
            rq_job.save_meta()
            raise RetryLater(f"notification {notification_id}: {len(again)} device(s) to retry")
        if attempt == len(delays):
            break
        time.sleep(max(delays[attempt], wait))
        pending = again
    app.logger.warning(
        "push of notification %s gave up after %s tries", notification_id, len(delays) + 1
    )
    _settle(notification, "failed", f"gave up after {len(delays) + 1} tries")
    return statuses


def _settle(notification: Notification, state: str, error: str | None = None) -> None:
    notification.push_state = state
    notification.push_error = error
    db.session.commit()


def delivery_options(app: Flask, notification_id: int) -> jobs.Options:
    # The thread path retries inside deliver() (following Retry-After); RQ by its Retry.
    delays = tuple(int(delay) for delay in app.config["PUSH_RETRY_DELAYS"])
    return jobs.Options(
        queue=jobs.PUSH,
        retry_delays=delays if app.config.get("REDIS_URL") else (),
        timeout=5 * 60,
        job_id=f"push-{notification_id}",
    )


def enqueue_delivery(app: Flask, notification_id: int):
    return jobs.enqueue(deliver, notification_id, options=delivery_options(app, notification_id))


def _collect(session: Session, flush_context) -> None:
    # After a flush the new rows have their ids; they are pushed only if the transaction
    # commits. Each is noted with the savepoint it was made in, if any.
    new = [obj.id for obj in session.new if isinstance(obj, Notification)]
    if new:
        savepoint = session.get_nested_transaction()
        session.info.setdefault(PENDING, []).extend((savepoint, id_) for id_ in new)


def _after_commit(session: Session) -> None:
    if session.get_nested_transaction() is not None:
        return  # a savepoint released: the real commit is still to come
    pending = session.info.pop(PENDING, None)
    if not pending or not has_app_context():
        return
    app = current_app._get_current_object()
    ids = [id_ for _, id_ in pending]
    try:
        if vapid.current_keys(app) is None:
            return
        for notification_id in ids:
            enqueue_delivery(app, notification_id)
    except Exception:
        # The notification is in the inbox already and its row says the push is pending:
        # `flask jobs sweep` queues it when the queue is back. The request goes on.
        app.logger.exception("could not queue push for notifications %s", ids)


def _inside(savepoint, rolled_back) -> bool:
    while savepoint is not None:
        if savepoint is rolled_back:
            return True
        savepoint = savepoint.parent
    return False


def _after_soft_rollback(session: Session, previous_transaction) -> None:
    pending = session.info.get(PENDING)
    if not pending:
        return
    if previous_transaction.nested:
        # A savepoint rolled back: forget only what was made inside it.
        session.info[PENDING] = [
            (savepoint, id_)
            for savepoint, id_ in pending
            if not _inside(savepoint, previous_transaction)
        ]
    elif previous_transaction.parent is None:
        session.info.pop(PENDING, None)
    # Otherwise a flush's inner transaction closed (a duplicate key inside a savepoint, say):
    # the savepoint or the outermost transaction it belongs to decides when it rolls back.


def init_session_events() -> None:
    """Listen on the Flask-SQLAlchemy session (once, however many apps are made)."""
    target = db.session
    if not event.contains(target, "after_flush", _collect):
        event.listen(target, "after_flush", _collect)
        event.listen(target, "after_commit", _after_commit)
        event.listen(target, "after_soft_rollback", _after_soft_rollback)
