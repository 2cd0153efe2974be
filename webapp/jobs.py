"""Background jobs behind one small interface: enqueue(func, *args, **kwargs).

With REDIS_URL set, jobs go to an RQ queue served by `make worker`
(`rq worker polku`). Without it (the embedded default) they run in a thread of
the web process. With JOBS_EAGER (tests) they run at once, inline.
Each job runs inside an application context, so it can use db.session.
"""

import importlib
from concurrent.futures import Future, ThreadPoolExecutor

from flask import Flask, current_app

QUEUE_NAME = "polku"
_threads = ThreadPoolExecutor(max_workers=2, thread_name_prefix="polku-job")
# What an RQ worker runs, named by path so this module needs no app factory.
WORKER_ENTRY = "webapp.worker.run_job"


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


def redis_queue(app: Flask):
    from redis import Redis
    from rq import Queue

    return Queue(QUEUE_NAME, connection=Redis.from_url(app.config["REDIS_URL"]))


def enqueue(func, *args, **kwargs):
    """Run func(*args, **kwargs) in the background; returns an RQ job or a Future."""
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
        return redis_queue(app).enqueue(WORKER_ENTRY, path, args, kwargs, job_timeout=30 * 60)
    return _threads.submit(run_in, app, path, args, kwargs)
