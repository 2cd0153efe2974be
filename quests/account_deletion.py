"""Deleting a person's account: by themselves with their password, or by an administrator
on request; and retention, which deletes students who left the hub long ago.

What happens to each kind of record is defined in PRIVACY.md. In short: what is only theirs
is deleted (rows here, files by the caller after commit); their badge assertions stay,
answering revoked; what others rely on stays without their name (plan comments show
"deleted user", a judge's scores stay with the seat). The users row stays as an empty
tombstone (no name, email or password) so the revoked assertions keep their recipient.

Every other table that points at a person is handled by its foreign key's own rule, read
from the metadata: ON DELETE CASCADE rows are deleted, SET NULL columns are emptied. So a
table added later (check-ins, say) follows its declared rule without a change here.
"""

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from quests import badges
from quests.badge_models import BadgeApplication, BadgeAward
from quests.community_models import EntrepreneurApplication, Project
from quests.errors import N_, Conflict, InvalidInput, NotAllowed, NotFound
from quests.models import Base, User, UserRole
from quests.passwords import verify_password
from quests.privacy_models import DataExport
from quests.quest_models import Evidence, Quest, QuestAttempt, Submission
from quests.roles import Capability, Role

# (table, column) that keep pointing at the tombstone instead of following their rule.
KEPT = {
    ("badge_awards", "recipient_id"),  # revoked, so the assertion answers revoked
    ("competition_judges", "user_id"),  # emptied by the competition module first
}


# Not an Argon2 hash, so no password ever verifies against it.
UNUSABLE_PASSWORD = "!"  # noqa: S105


class WrongPassword(InvalidInput):
    message = N_("That password is not right.")


class AlreadyLeft(Conflict):
    message = N_("That account is already closed.")


@dataclass
class Erased:
    """The stored files the erased rows named, to delete once the transaction commits:
    (MEDIA_ROOT area, stored name)."""

    files: list[tuple[str, str]] = field(default_factory=list)


def authorize(actor: User, user: User, password: str | None) -> None:
    """The person themselves with their own password, or an administrator with theirs."""
    if user.deleted_at is not None:
        raise NotFound()
    if actor.id != user.id and not actor.can(Capability.ADMINISTER):
        raise NotAllowed()
    if not verify_password(actor.password_hash, password or ""):
        raise WrongPassword(field="password")


def _evidence_names(session: Session, user: User) -> set[str]:
    """Stored evidence files the erasure may take with it: the person's own submissions, those
    to their plan goals, and those to the milestones of projects they own."""
    owned_projects = select(Project.id).where(Project.owner_id == user.id)
    query = (
        select(Evidence.stored_name)
        .join(Submission)
        .join(QuestAttempt)
        .join(Quest)
        .where(
            Evidence.stored_name.is_not(None),
            or_(
                QuestAttempt.student_id == user.id,
                Quest.student_id == user.id,
                Quest.project_id.in_(owned_projects),
            ),
        )
    )
    return set(session.scalars(query))


def erase(session: Session, user: User, now: datetime) -> Erased:
    """Delete or anonymise everything about the person (see the module's docstring)."""
    user_id = user.id
    evidence = _evidence_names(session, user)
    application_files = set(
        session.scalars(
            select(BadgeApplication.file_name).where(
                BadgeApplication.student_id == user_id, BadgeApplication.file_name.is_not(None)
            )
        )
    )
    exports = set(
        session.scalars(
            select(DataExport.stored_name).where(
                DataExport.user_id == user_id, DataExport.stored_name.is_not(None)
            )
        )
    )
    for award in session.scalars(select(BadgeAward).where(BadgeAward.recipient_id == user_id)):
        badges.revoke_for_deleted_account(session, award=award, now=now)
    # An application names the person (name, email, phone): it goes with them.
    session.execute(
        delete(EntrepreneurApplication).where(
            or_(
                EntrepreneurApplication.user_id == user_id,
                EntrepreneurApplication.email == user.email,
            )
        )
    )
    session.flush()
    _follow_foreign_keys(session, user_id)
    session.expire_all()

    user = session.get(User, user_id)
    user.name = ""
    user.email = f"deleted-{user_id}@deleted.invalid"
    user.password_hash = UNUSABLE_PASSWORD
    user.session_token = secrets.token_urlsafe(24)  # signs every device out
    user.locale = None
    user.active = False
    user.deactivated_at = user.deactivated_at or now
    user.deleted_at = now
    session.flush()

    still_named = set(
        session.scalars(select(Evidence.stored_name).where(Evidence.stored_name.in_(evidence)))
    )
    erased = Erased()
    erased.files += [("evidence", name) for name in sorted(evidence - still_named)]
    erased.files += [("evidence", name) for name in sorted(application_files)]
    erased.files += [("exports", name) for name in sorted(exports)]
    return erased


def _follow_foreign_keys(session: Session, user_id: int) -> None:
    for table in reversed(Base.metadata.sorted_tables):
        for key in table.foreign_keys:
            if key.column.table.name != "users" or table.name == "users":
                continue
            column = key.parent
            if (table.name, column.name) in KEPT:
                continue
            if (key.ondelete or "").upper() == "CASCADE":
                session.execute(table.delete().where(column == user_id))
            else:
                session.execute(table.update().where(column == user_id).values({column: None}))


def mark_left(session: Session, *, actor: User, user: User, now: datetime) -> None:
    """An administrator records that a student left the hub: the account is closed (signed out
    everywhere) and retention counts from now."""
    if not actor.can(Capability.ADMINISTER):
        raise NotAllowed()
    if user.deleted_at is not None:
        raise NotFound()
    if not user.active:
        raise AlreadyLeft(field="email")
    user.active = False
    user.deactivated_at = now
    user.session_token = secrets.token_urlsafe(24)
    session.flush()


def due_for_retention(session: Session, *, now: datetime, days: int) -> list[User]:
    """Students who left the hub (their account deactivated) more than `days` days ago."""
    students = select(UserRole.user_id).where(UserRole.role == Role.STUDENT.value)
    return list(
        session.scalars(
            select(User)
            .where(
                User.active.is_(False),
                User.deleted_at.is_(None),
                User.deactivated_at < now - timedelta(days=days),
                User.id.in_(students),
            )
            .order_by(User.deactivated_at, User.id)
        )
    )
