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
