"""The entrepreneur community's rules: applications to join it, and its directory.

Services take the session and the acting person, check permission, flush and
never commit. Projects and their teams are in quests.projects.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quests import accounts
from quests.community_models import (
    ApplicationStatus,
    BusinessStage,
    EntrepreneurApplication,
    Need,
)
from quests.errors import N_, Conflict, InvalidInput, NotAllowed, NotFound
from quests.models import Invite, User, UserRole
from quests.roles import Capability, Role

OPEN_STATUSES = (ApplicationStatus.PENDING, ApplicationStatus.INFO_REQUESTED)


class DuplicateApplication(Conflict):
    message = N_(
        "An application from this email address is already being handled or has been "
        "accepted. Follow it with the status link we emailed you."
    )


class AlreadyEntrepreneur(Conflict):
    message = N_("This email address already belongs to an entrepreneur in the community.")


class AlreadyDecided(Conflict):
    message = N_("This application has already been decided. Reload the page.")


# --- applications ------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_status_token(application: EntrepreneurApplication) -> str:
    """Only the hash is kept, so each email that needs the link carries a fresh one
    (and the older links stop working)."""
    token = secrets.token_urlsafe(32)
    application.status_token_hash = _token_hash(token)
    return token


@dataclass(frozen=True)
class ApplicationInput:
    name: str
    email: str
    business_name: str
    sector: str
    stage: str
    expectations: str
    needs: list[str]
    cooperation: str
    website: str | None = None
    phone: str | None = None


def submit_application(
    session: Session, *, data: ApplicationInput, user: User | None, locale: str | None, now
) -> tuple[EntrepreneurApplication, str]:
    """A new application and the secret token of its status link (stored hashed)."""
    if data.stage not in set(BusinessStage):
        raise InvalidInput(field="stage")
    if any(need not in set(Need) for need in data.needs):
        raise InvalidInput(field="needs")
    email = accounts.normalize_email(data.email)
    existing = accounts.get_user_by_email(session, email)
    if existing is not None and existing.has_role(Role.ENTREPRENEUR):
        raise AlreadyEntrepreneur(field="email")
    application = EntrepreneurApplication(
        name=data.name.strip(),
        email=email,
        open_email=email,
        phone=(data.phone or "").strip() or None,
        business_name=data.business_name.strip(),
        sector=data.sector.strip(),
        website=(data.website or "").strip() or None,
        stage=data.stage,
        expectations=data.expectations.strip(),
        needs=" ".join(sorted(set(data.needs))),
        cooperation=data.cooperation.strip(),
        status=ApplicationStatus.PENDING,
        locale=locale,
        user_id=user.id if user is not None else None,
        created_at=now,
        updated_at=now,
    )
    token = _new_status_token(application)
    try:
        with session.begin_nested():
            session.add(application)
    except IntegrityError as error:
        raise DuplicateApplication(field="email") from error
    return application, token


def application_by_token(session: Session, token: str) -> EntrepreneurApplication:
    found = session.scalar(
        select(EntrepreneurApplication).where(
            EntrepreneurApplication.status_token_hash == _token_hash(token)
        )
    )
    if found is None:
        raise NotFound(N_("This status link is not valid."))
    return found


def applications_of(session: Session, user: User) -> list[EntrepreneurApplication]:
    """A signed-in person's own applications, newest first.

    Matched by email only once the address is confirmed (a link sent to it was opened):
    anyone can type any email when signing up with a class code.
    """
    mine = EntrepreneurApplication.user_id == user.id
    if user.email_verified:
        mine = or_(mine, EntrepreneurApplication.email == user.email)
    return list(
        session.scalars(
            select(EntrepreneurApplication)
            .where(mine)
            .order_by(EntrepreneurApplication.created_at.desc())
        )
    )


def reply_to_application(
    session: Session, *, application: EntrepreneurApplication, reply: str, now: datetime
) -> None:
    """The applicant answers the administrator's question; the application waits again."""
    if application.status != ApplicationStatus.INFO_REQUESTED:
        raise AlreadyDecided()
    if not reply.strip():
        raise InvalidInput(N_("Write your answer."), field="reply")
    application.applicant_reply = reply.strip()
    application.status = ApplicationStatus.PENDING
    application.updated_at = now
    session.flush()


def application_queue(session: Session, actor: User) -> list[EntrepreneurApplication]:
    """Open applications oldest first, then the latest decided ones."""
    if not actor.can(Capability.ADMINISTER):
        raise NotAllowed()
    is_open = EntrepreneurApplication.status.in_(OPEN_STATUSES)
    open_ones = session.scalars(
        select(EntrepreneurApplication).where(is_open).order_by(EntrepreneurApplication.created_at)
    )
    decided = session.scalars(
        select(EntrepreneurApplication)
        .where(~is_open)
        .order_by(EntrepreneurApplication.decided_at.desc())
        .limit(20)
    )
    return [*open_ones, *decided]


def _open_application(
    session: Session, actor: User, application_id: int
) -> EntrepreneurApplication:
    if not actor.can(Capability.ADMINISTER):
        raise NotAllowed()
    # Locked until the decision commits: of two admins deciding at once, the second sees
    # the first one's decision (on PostgreSQL; SQLite runs one writer at a time).
    application = session.get(
        EntrepreneurApplication, application_id, with_for_update=True, populate_existing=True
    )
    if application is None:
        raise NotFound()
    if application.status not in OPEN_STATUSES:
        raise AlreadyDecided()
    return application


def _decided(application, actor, status, now, message=None) -> None:
    application.status = status
    application.admin_message = message
    application.decided_by_id = actor.id
    application.decided_at = now
    application.updated_at = now


def accept_application(
    session: Session, *, actor: User, application_id: int, now: datetime
) -> tuple[EntrepreneurApplication, Invite, str]:
    """Accept: an invite with the entrepreneur role creates the account or upgrades it."""
    application = _open_application(session, actor, application_id)
    invite, token = accounts.create_invite(
        session, admin=actor, email=application.email, roles=[Role.ENTREPRENEUR], now=now
    )
    existing = accounts.get_user_by_email(session, application.email)
    # An unconfirmed address may have been typed by someone else: the invite link decides.
    if existing is not None and existing.email_verified:
        application.user_id = existing.id
    _decided(application, actor, ApplicationStatus.ACCEPTED, now)
    session.flush()
    return application, invite, token


def ask_for_information(
    session: Session, *, actor: User, application_id: int, question: str, now: datetime
) -> tuple[EntrepreneurApplication, str]:
    application = _open_application(session, actor, application_id)
    if not question.strip():
        raise InvalidInput(N_("Write what you would like to know."), field="message")
    application.status = ApplicationStatus.INFO_REQUESTED
    application.admin_message = question.strip()
    application.updated_at = now
    token = _new_status_token(application)
    session.flush()
    return application, token


def decline_application(
    session: Session, *, actor: User, application_id: int, reason: str, now: datetime
) -> tuple[EntrepreneurApplication, str]:
    application = _open_application(session, actor, application_id)
    if not reason.strip():
        raise InvalidInput(N_("Write the reason, so the applicant knows why."), field="message")
    _decided(application, actor, ApplicationStatus.DECLINED, now, reason.strip())
    # A declined applicant may apply again later.
    application.open_email = None
    token = _new_status_token(application)
    session.flush()
    return application, token


def directory(session: Session) -> list[tuple[User, EntrepreneurApplication | None]]:
    """Entrepreneurs of the community with their accepted application's business: one query."""
    accepted = and_(
        EntrepreneurApplication.open_email == User.email,
        EntrepreneurApplication.status == ApplicationStatus.ACCEPTED,
    )
    rows = session.execute(
        select(User, EntrepreneurApplication)
        .join(UserRole, and_(UserRole.user_id == User.id, UserRole.role == Role.ENTREPRENEUR))
        .outerjoin(EntrepreneurApplication, accepted)
        .where(User.active.is_(True))
        .order_by(User.name)
    )
    return [(user, application) for user, application in rows]
