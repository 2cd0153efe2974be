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

ROUNDS = 200


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


def _teacher(app, classes: int, students_each: int) -> str:
    with app.app_context():
        teacher = factories.user(db.session, "teacher", "admin")
        for _ in range(classes):
            students = [factories.user(db.session, "student") for _ in range(students_each)]
            factories.cohort(db.session, teacher=teacher, students=students)
        db.session.commit()
        return teacher.email


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
            client = app.test_client()
            email = _teacher(app, classes, 10)
            client.post("/login", data={"email": email, "password": factories.PASSWORD})
            clients[label] = client

        health = _median_ms(clients["1 class"], "/healthz")
        print(
            f"{'page':<18}{'1 class ms':>12}{'100 classes ms':>16}{'ratio':>8}{'vs /healthz':>13}"
        )
        for path in ("/", "/teach/cohorts", "/admin/invites"):
            small = _median_ms(clients["1 class"], path)
            large = _median_ms(clients["100 classes"], path)
            ratio, vs_health = large / small, small / health
            print(f"{path:<18}{small:>12.2f}{large:>16.2f}{ratio:>8.2f}{vs_health:>13.2f}")


if __name__ == "__main__":
    main()
