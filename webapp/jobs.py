"""Background jobs behind one small interface: enqueue(func, *args, options=..., **kwargs).

With REDIS_URL set, jobs go to RQ queues served by `make worker` and `make worker-media`.
Without it (the embedded default) they run in the web process, one thread pool per queue.
With JOBS_EAGER (tests) they run at once, inline. Each job runs inside an application
context, so it can use db.session.

The database, not the queue, is the source of truth for work still to do: a job's row
says what is pending (a video in "processing", a notification whose push is "pending"),
so work a lost queue forgot is found again by `flask jobs sweep`. Hence jobs are queued
after the commit, and a queue that cannot be reached is logged, not fatal (try_enqueue).

Queues are apart so a slow kind cannot hold up a quick one: a push or an email never
waits behind a 10-minute transcode.
"""

import importlib
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, timedelta

from flask import Flask, current_app

from quests.clock import utcnow

DEFAULT, PUSH, MAIL, MEDIA = "default", "push", "mail", "media"
QUEUE_NAMES = {DEFAULT: "polku", PUSH: "polku-push", MAIL: "polku-mail", MEDIA: "polku-media"}
# The old name of the default queue; `make worker` keeps serving what older code queued.
QUEUE_NAME = QUEUE_NAMES[DEFAULT]
_pools = {
    DEFAULT: ThreadPoolExecutor(max_workers=2, thread_name_prefix="polku-job"),
    PUSH: ThreadPoolExecutor(max_workers=2, thread_name_prefix="polku-push"),
    MAIL: ThreadPoolExecutor(max_workers=1, thread_name_prefix="polku-mail"),
    MEDIA: ThreadPoolExecutor(max_workers=1, thread_name_prefix="polku-media"),
}
# A Redis that does not answer costs a request this long, not a hung worker.
REDIS_TIMEOUTS = {"socket_connect_timeout": 1, "socket_timeout": 2}
# What an RQ worker runs, named by path so this module needs no app factory.
WORKER_ENTRY = "webapp.worker.run_job"
# RQ beats for a running job every few seconds; this long silent, its worker is gone.
SILENT_JOB = timedelta(minutes=2)


@dataclass(frozen=True)
class Options:
    queue: str = DEFAULT
    # Seconds to wait before each retry of a job that raised (RQ's Retry, or a loop in a thread).
    retry_delays: tuple[int, ...] = ()
    timeout: int = 30 * 60
    # The same id for the same work: the sweeper asks RQ whether it is still queued or running.
    job_id: str | None = None


def _path_of(func) -> str:
    if "<" in func.__qualname__:
        raise ValueError(f"{func!r} is not importable by name; jobs must be module-level functions")
    return f"{func.__module__}:{func.__qualname__}"


def _resolve(path: str):
    module, _, name = path.partition(":")
    target = importlib.import_module(module)
    for part in name.split("."):
        target = getattr(target, part)
    return target


def run_in(app: Flask, path: str, args, kwargs):
    from webapp.extensions import db

    with app.app_context():
        try:
            return _resolve(path)(*args, **kwargs)
        except Exception:
            db.session.rollback()
            app.logger.exception("background job %s failed", path)
            raise
        finally:
            db.session.remove()


def _run_with_retries(app: Flask, path: str, args, kwargs, delays: tuple[int, ...]):
    for delay in delays:
        try:
            return run_in(app, path, args, kwargs)
        except Exception:  # noqa: BLE001 - logged by run_in; tried again after the delay
            time.sleep(delay)
    return run_in(app, path, args, kwargs)


def redis_connection(app: Flask):
    from redis import Redis

    return Redis.from_url(app.config["REDIS_URL"], **REDIS_TIMEOUTS)


def redis_queue(app: Flask, queue: str = DEFAULT):
    from rq import Queue

    return Queue(QUEUE_NAMES[queue], connection=redis_connection(app))


def enqueue(func, *args, options: Options = Options(), **kwargs):  # noqa: B008 - frozen
    """Run func(*args, **kwargs) in the background; returns an RQ job or a Future.

    Raises what Redis raises when it cannot be reached: see try_enqueue.
    """
    app = current_app._get_current_object()
    path = _path_of(func)
    if app.config.get("JOBS_EAGER"):
        future: Future = Future()
        try:
            future.set_result(run_in(app, path, args, kwargs))
        except Exception as error:  # noqa: BLE001 - handed to the caller through the future
            future.set_exception(error)
        return future
    if app.config.get("REDIS_URL"):
        from rq import Retry

        delays = list(options.retry_delays)
        return redis_queue(app, options.queue).enqueue(
            WORKER_ENTRY,
            path,
            args,
            kwargs,
            job_id=options.job_id,
            retry=Retry(max=len(delays), interval=delays) if delays else None,
            job_timeout=options.timeout,
        )
    return _pools[options.queue].submit(
        _run_with_retries, app, path, args, kwargs, options.retry_delays
    )


def enqueue_in_process(func, *args, options: Options = Options(), **kwargs):  # noqa: B008
    """Run in this process's pool for the queue, whatever the configuration (Redis down)."""
    app = current_app._get_current_object()
    return _pools[options.queue].submit(
        _run_with_retries, app, _path_of(func), args, kwargs, options.retry_delays
    )


def try_enqueue(func, *args, options: Options = Options(), **kwargs) -> bool:  # noqa: B008
    """enqueue(), for work whose row already says it is pending: a queue that cannot be
    reached is logged and left to `flask jobs sweep`, and the request goes on."""
    from redis.exceptions import RedisError

    try:
        enqueue(func, *args, options=options, **kwargs)
    except RedisError:
        current_app.logger.exception(
            "could not queue %s%s; the sweeper will queue it", _path_of(func), args
        )
        return False
    return True


def is_alive(app: Flask, job_id: str) -> bool:
    """Whether RQ still holds this job, waiting, scheduled or running (False without Redis)."""
    if not app.config.get("REDIS_URL") or app.config.get("JOBS_EAGER"):
        return False
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    try:
        job = Job.fetch(job_id, connection=redis_connection(app))
    except NoSuchJobError:
        return False
    status = job.get_status(refresh=False)
    if status == "started":
        # A worker killed mid-job leaves it "started"; its heartbeat tells it has stopped.
        beat = job.last_heartbeat
        silence = timedelta(seconds=app.config.get("JOB_SILENCE_SECONDS", SILENT_JOB.seconds))
        return beat is not None and utcnow() - beat.replace(tzinfo=UTC) < silence
    return status in ("queued", "scheduled", "deferred")
