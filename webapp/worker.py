"""The entry point of an RQ worker (`make worker`): each job runs inside one app per process."""

from flask import Flask

from webapp import create_app
from webapp.jobs import run_in

_app: Flask | None = None


def run_job(path: str, args=(), kwargs=None):
    global _app
    if _app is None:
        _app = create_app()
    return run_in(_app, path, args, kwargs or {})
