"""The RQ worker class `make worker` runs: the app is built once, before jobs are forked.

RQ forks a work horse per job; a job that built the app itself spent seconds on it every
time (6 s a push, measured). Built here in the parent, each fork inherits it ready.
"""

from rq import Worker

from webapp import jobs


class PolkuWorker(Worker):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        app = jobs.worker_app()
        from webapp.extensions import db

        # No connection made here may be shared with the forks.
        with app.app_context():
            db.engine.dispose()
