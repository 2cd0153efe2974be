"""The RQ worker `make worker` runs: the app is built once, in the parent, before jobs fork.

RQ forks a work horse per job; a job that built the app itself spent seconds on it every
time (6 s a push, measured). Built here in the parent, each fork inherits it ready.
"""

from flask import Flask
from rq import Worker

from webapp import create_app
from webapp.extensions import db
from webapp.jobs import run_in

_app: Flask | None = None


def app() -> Flask:
    """The app a worker process runs jobs in, made once."""
    global _app
    if _app is None:
        _app = create_app()
    return _app


def run_job(path: str, args=(), kwargs=None):
    """What an RQ worker runs (jobs.WORKER_ENTRY): the job inside the worker's app."""
    return run_in(app(), path, args, kwargs or {})


class PolkuWorker(Worker):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No connection made here may be shared with the forks.
        with app().app_context():
            db.engine.dispose()
