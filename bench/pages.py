"""Benchmark: how page time grows with data, as ratios measured in one run.

Run with `make bench`. The machine is shared and noisy, so absolute times are
printed only for context; the ratios (large data / small data, page / health
check) are what to compare between changes.
"""

import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "bench-secret")

from flask_migrate import upgrade  # noqa: E402

from tests import factories  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp.extensions import db  # noqa: E402

ROUNDS = 100


def _app(folder: Path):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
            "OUTBOX_DIR": str(folder / "outbox"),
            "SESSION_COOKIE_SECURE": False,
            "RATELIMIT_ENABLED": False,
            # The benchmark signs in by posting the form directly.
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        upgrade()
    return app


def _hub(app, classes: int, students_each: int) -> tuple[str, str]:
    """A teacher (also admin) with classes of students; the first student has a goal, a
    challenge and a waiting submission per class; returns (teacher, student) emails."""
    with app.app_context():
        teacher = factories.user(db.session, "teacher", "admin")
        learner = None
        for _ in range(classes):
            students = [factories.user(db.session, "student") for _ in range(students_each)]
            learner = learner or students[0]
            cohort = factories.cohort(db.session, teacher=teacher, students=students)
            factories.goal(db.session, teacher, learner)
            factories.challenge(db.session, teacher, cohort)
            submitted = factories.goal(db.session, teacher, students[-1])
            factories.submitted(db.session, submitted, students[-1])
        db.session.commit()
        return teacher.email, learner.email


def _median_ms(client, path: str) -> float:
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.get(path)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(samples) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = _app(Path(folder))
        clients = {}
        for label, classes in (("1 class", 1), ("100 classes", 100)):
            for role, email in zip(("teacher", "student"), _hub(app, classes, 10), strict=True):
                client = app.test_client()
                client.post("/login", data={"email": email, "password": factories.PASSWORD})
                clients[label, role] = client

        health = _median_ms(clients["1 class", "teacher"], "/healthz")
        print(
            f"{'page':<18}{'1 class ms':>12}{'100 classes ms':>16}{'ratio':>8}{'vs /healthz':>13}"
        )
        pages = [
            ("teacher", "/teach/cohorts"),
            ("teacher", "/review"),
            ("teacher", "/teach/badges"),
            ("student", "/"),
            ("student", "/quests"),
            ("student", "/badges"),
        ]
        for role, path in pages:
            small = _median_ms(clients["1 class", role], path)
            large = _median_ms(clients["100 classes", role], path)
            ratio, vs_health = large / small, small / health
            print(f"{path:<18}{small:>12.2f}{large:>16.2f}{ratio:>8.2f}{vs_health:>13.2f}")


if __name__ == "__main__":
    main()
