"""SQLAlchemy 2 typed models of the domain.

Accounts (people, roles, cohorts, invites) are domain models too, so every
module can refer to a person without importing the web application.
"""

import secrets
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, MetaData, String, UniqueConstraint, types
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from quests.clock import utcnow
from quests.roles import Capability, Role, capabilities_of

# Named constraints keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(types.TypeDecorator):
    """An aware UTC datetime on every database (SQLite forgets the zone)."""

    impl = types.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    # What the login cookie carries instead of the id: renewing it on a password
    # change signs every other device out.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    locale: Mapped[str | None] = mapped_column(String(8))
    # A DID the student controls: their Open Badges 3.0 credentials name it as the subject.
    did: Mapped[str | None] = mapped_column(String(300))
    # Set when the person opened a signed link sent to the address: until then the
    # address is trusted for nothing (judge seats, invites, applications matched to it).
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the person left the hub (the account was deactivated); retention counts from it.
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A deleted account stays as an empty row (no name, email or password) so that the
    # records others rely on (revoked badge assertions) keep pointing somewhere; PRIVACY.md.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    role_rows: Mapped[list["UserRole"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    memberships: Mapped[list["CohortMembership"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(Role(row.role) for row in self.role_rows)

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    def can(self, capability: Capability) -> bool:
        return capability in capabilities_of(self.roles)

    def add_role(self, role: Role) -> None:
        if role not in self.roles:
            self.role_rows.append(UserRole(role=role.value))

    # Flask-Login's user protocol, written out so the domain need not import it.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return self.session_token

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class UserRole(Base):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20), primary_key=True)

    user: Mapped[User] = relationship(back_populates="role_rows")


class MembershipKind(StrEnum):
    TEACHER = "teacher"
    STUDENT = "student"


class Cohort(Base):
    """A class of students with its teachers; students join it with its code."""

    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    memberships: Mapped[list["CohortMembership"]] = relationship(
        back_populates="cohort", cascade="all, delete-orphan"
    )

    def is_taught_by(self, user: User) -> bool:
        return any(
            m.user_id == user.id and m.kind == MembershipKind.TEACHER for m in self.memberships
        )


class CohortMembership(Base):
    __tablename__ = "cohort_memberships"

    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    # "teacher" or "student": what the person is in this class.
    kind: Mapped[str] = mapped_column(String(10))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cohort: Mapped[Cohort] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship(back_populates="memberships")


class Invite(Base):
    """An administrator's expiring invitation for a teacher, entrepreneur or employer.

    Only a hash of the link's token is stored, so a leaked database does not
    hand out working invite links.
    """

    __tablename__ = "invites"
    __table_args__ = (UniqueConstraint("token_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    roles: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    @property
    def role_set(self) -> frozenset[Role]:
        return frozenset(Role(name) for name in self.roles.split())

    def status(self, now: datetime) -> str:
        if self.accepted_at is not None:
            return "accepted"
        if now >= self.expires_at:
            return "expired"
        return "pending"
