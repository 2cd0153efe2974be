"""Deleting an account: the domain decides who may and erases the rows; this module runs the
competition module's part first and deletes the files once the deletion has committed."""

from pathlib import Path

from quests import account_deletion
from quests.clock import utcnow
from quests.models import User
from webapp import storage
from webapp.competitions import personal_data as competition_data
from webapp.extensions import db


def delete_account(*, actor: User, user: User, password: str | None) -> None:
    """Raises the domain's error (403, 404, wrong password) before anything changes."""
    account_deletion.authorize(actor, user, password)
    erase(user)


def erase(user: User) -> None:
    """Erase the person and commit, then delete their files (an uncommitted deletion keeps
    them, as their rows are back)."""
    videos: list[Path] = competition_data.forget(db.session, user)
    erased = account_deletion.erase(db.session, user, utcnow())
    db.session.commit()
    for area, name in erased.files:
        storage.path_for(name, area).unlink(missing_ok=True)
    for path in videos:
        path.unlink(missing_ok=True)
