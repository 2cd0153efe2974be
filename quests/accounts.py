"""Accounts, roles, cohorts and invites: the rules, with the session passed in.

Services flush but never commit; the caller (a view or a command) owns the
transaction.
"""

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quests.clock import utcnow
from quests.errors import (
    N_,
    EmailTaken,
    InvalidInput,
    InvalidJoinCode,
    InviteExpired,
    InviteNotFound,
    InviteUsed,
    NotAllowed,
    WrongPassword,
)
from quests.models import Cohort, CohortMembership, Invite, MembershipKind, User, new_session_token
from quests.passwords import check_strength, hash_password, needs_rehash, verify_password
from quests.roles import INVITABLE_ROLES, Capability, Role

# No 0/O or 1/I/L: join codes are read aloud and copied from a projector.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8
INVITE_LIFETIME = timedelta(days=7)


def normalize_email(email: str) -> str:
    return email.strip().lower()


def normalize_join_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def get_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalize_email(email)))


def create_user(
    session: Session,
    *,
    email: str,
    name: str,
    password: str,
    roles: Iterable[Role] = (),
    locale: str | None = None,
) -> User:
    """Create a person; the unique email is enforced by the database."""
    check_strength(password)
    user = User(
        email=normalize_email(email),
        name=name.strip(),
        password_hash=hash_password(password),
        locale=locale,
    )
    for role in roles:
        user.add_role(Role(role))
    try:
        with session.begin_nested():
            session.add(user)
    except IntegrityError as error:
        raise EmailTaken(field="email") from error
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this email and password, or None.

    An unknown email costs as much time as a wrong password, so the answer
    does not tell which emails have accounts.
    """
    user = get_user_by_email(session, email)
    if not verify_password(user.password_hash if user else None, password):
        return None
    if not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def set_password(user: User, new_password: str) -> None:
    """Set a new password and sign the person out everywhere else."""
    check_strength(new_password)
    user.password_hash = hash_password(new_password)
    user.session_token = new_session_token()


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not verify_password(user.password_hash, current_password):
        raise WrongPassword(field="current_password")
    set_password(user, new_password)


def password_fingerprint(user: User) -> str:
    """Changes whenever the password does, so a reset link works only once."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


# --- cohorts ---------------------------------------------------------------


def _new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def create_cohort(session: Session, *, teacher: User, name: str) -> Cohort:
    if not teacher.can(Capability.MANAGE_COHORTS):
        raise NotAllowed()
    name = name.strip()
    if not name:
        raise InvalidInput(N_("Give the class a name."), field="name")
    # 31^8 codes: a collision is rare, and the unique constraint catches it.
    for _ in range(5):
        cohort = Cohort(name=name, join_code=_new_join_code())
        try:
            with session.begin_nested():
                session.add(cohort)
                session.add(
                    CohortMembership(cohort=cohort, user=teacher, kind=MembershipKind.TEACHER)
                )
            return cohort
        except IntegrityError:
            continue
    raise RuntimeError("could not find a free join code")


def cohort_by_code(session: Session, code: str) -> Cohort:
    cohort = session.scalar(select(Cohort).where(Cohort.join_code == normalize_join_code(code)))
    if cohort is None:
        raise InvalidJoinCode(field="join_code")
    return cohort


def check_sign_up(session: Session, *, join_code: str, password: str) -> Cohort:
    """What can be checked before the address is: the class code and the password."""
    cohort = cohort_by_code(session, join_code)
    check_strength(password)
    return cohort


def finish_sign_up(
    session: Session,
    *,
    cohort_id: int,
    email: str,
    name: str,
    password_hash: str,
    locale: str | None,
    now: datetime,
) -> User:
    """The account, once a link sent to the address was opened: the address is verified."""
    cohort = session.get(Cohort, cohort_id)
    if cohort is None:
        raise InvalidJoinCode(field="join_code")
    user = User(
        email=normalize_email(email),
        name=name.strip(),
        password_hash=password_hash,
        locale=locale,
        email_verified_at=now,
    )
    user.add_role(Role.STUDENT)
    try:
        with session.begin_nested():
            session.add(user)
    except IntegrityError as error:
        raise EmailTaken(field="email") from error
    session.add(CohortMembership(cohort=cohort, user=user, kind=MembershipKind.STUDENT))
    session.flush()
    return user


def sign_up_student(
    session: Session,
    *,
    join_code: str,
    email: str,
    name: str,
    password: str,
    locale: str | None,
    now: datetime | None = None,
) -> User:
    """Both halves at once: for the command line and tests, where no mail needs to go."""
    cohort = check_sign_up(session, join_code=join_code, password=password)
    return finish_sign_up(
        session,
        cohort_id=cohort.id,
        email=email,
        name=name,
        password_hash=hash_password(password),
        locale=locale,
        now=now or utcnow(),
    )


def join_cohort(session: Session, *, user: User, join_code: str) -> Cohort:
    """A signed-in student joins another class; joining twice changes nothing."""
    cohort = cohort_by_code(session, join_code)
    existing = session.get(CohortMembership, (cohort.id, user.id))
    if existing is None:
        user.add_role(Role.STUDENT)
        session.add(CohortMembership(cohort=cohort, user=user, kind=MembershipKind.STUDENT))
        session.flush()
    return cohort


def can_manage_cohort(user: User, cohort: Cohort) -> bool:
    if user.can(Capability.ADMINISTER):
        return True
    return user.can(Capability.MANAGE_COHORTS) and cohort.is_taught_by(user)


def cohort_summaries(session: Session, user: User) -> list[tuple[Cohort, int]]:
    """The classes a person teaches (every class, for an admin) with student counts.

    One query whatever the number of classes.
    """
    students = (
        select(CohortMembership.cohort_id, func.count().label("n"))
        .where(CohortMembership.kind == MembershipKind.STUDENT)
        .group_by(CohortMembership.cohort_id)
        .subquery()
    )
    query = select(Cohort, func.coalesce(students.c.n, 0)).outerjoin(
        students, students.c.cohort_id == Cohort.id
    )
    if not user.can(Capability.ADMINISTER):
        taught = select(CohortMembership.cohort_id).where(
            CohortMembership.user_id == user.id, CohortMembership.kind == MembershipKind.TEACHER
        )
        query = query.where(Cohort.id.in_(taught))
    return [(cohort, count) for cohort, count in session.execute(query.order_by(Cohort.name))]


def cohorts_of_student(session: Session, user: User) -> list[Cohort]:
    return list(
        session.scalars(
            select(Cohort)
            .join(CohortMembership)
            .where(
                CohortMembership.user_id == user.id, CohortMembership.kind == MembershipKind.STUDENT
            )
            .order_by(Cohort.name)
        )
    )


def cohort_students(session: Session, cohort: Cohort) -> list[User]:
    return list(
        session.scalars(
            select(User)
            .join(CohortMembership)
            .where(
                CohortMembership.cohort_id == cohort.id,
                CohortMembership.kind == MembershipKind.STUDENT,
            )
            .order_by(User.name)
        )
    )


# --- invites ---------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_invite(
    session: Session, *, admin: User, email: str, roles: Iterable[Role], now: datetime
) -> tuple[Invite, str]:
    """An invite and the secret token for its link (shown once, stored hashed)."""
    if not admin.can(Capability.ADMINISTER):
        raise NotAllowed()
    chosen = sorted({Role(role) for role in roles})
    if not chosen:
        raise InvalidInput(N_("Choose at least one role."), field="roles")
    if any(role not in INVITABLE_ROLES for role in chosen):
        raise InvalidInput(N_("That role cannot be given with an invite."), field="roles")
    token = secrets.token_urlsafe(32)
    invite = Invite(
        email=normalize_email(email),
        roles=" ".join(chosen),
        token_hash=_token_hash(token),
        created_by=admin,
        created_at=now,
        expires_at=now + INVITE_LIFETIME,
    )
    session.add(invite)
    session.flush()
    return invite, token


def open_invite(session: Session, token: str, now: datetime) -> Invite:
    invite = session.scalar(select(Invite).where(Invite.token_hash == _token_hash(token)))
    if invite is None:
        raise InviteNotFound()
    status = invite.status(now)
    if status == "accepted":
        raise InviteUsed()
    if status == "expired":
        raise InviteExpired()
    return invite


def accept_invite_new_account(
    session: Session, *, token: str, name: str, password: str, locale: str | None, now: datetime
) -> User:
    invite = open_invite(session, token, now)
    user = create_user(
        session,
        email=invite.email,
        name=name,
        password=password,
        roles=invite.role_set,
        locale=locale,
    )
    # The invite's link reached this address: that is the proof of owning it.
    user.email_verified_at = now
    invite.accepted_at = now
    invite.accepted_by_id = user.id
    session.flush()
    return user


def accept_invite_existing_account(
    session: Session, *, token: str, user: User, now: datetime
) -> User:
    """The invited person already has an account: add the roles to it."""
    invite = open_invite(session, token, now)
    if normalize_email(user.email) != invite.email:
        raise NotAllowed(N_("This invite was sent to another email address."))
    for role in invite.role_set:
        user.add_role(role)
    if user.email_verified_at is None:
        user.email_verified_at = now
    invite.accepted_at = now
    invite.accepted_by_id = user.id
    session.flush()
    return user


def recent_invites(session: Session, limit: int = 50) -> list[Invite]:
    return list(session.scalars(select(Invite).order_by(Invite.created_at.desc()).limit(limit)))
