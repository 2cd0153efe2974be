"""Module-level functions for the job-queue tests (jobs are found by name)."""

from pathlib import Path

from sqlalchemy import func, select

from quests.models import User
from webapp.extensions import db


def write_user_count(path: str) -> int:
    count = db.session.scalar(select(func.count()).select_from(User))
    Path(path).write_text(str(count))
    return count


def fail() -> None:
    raise RuntimeError("this job fails on purpose")


def wait_for(path: str, seconds: float = 10) -> bool:
    """A job that hangs (like a push service that never answers) until the file appears."""
    import time

    deadline = time.monotonic() + seconds
    while not Path(path).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return Path(path).exists()
