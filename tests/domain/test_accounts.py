from datetime import UTC, datetime, timedelta

import pytest

from quests import accounts
from quests.errors import (
    EmailTaken,
    InvalidInput,
    InvalidJoinCode,
    InviteExpired,
    InviteNotFound,
    InviteUsed,
    NotAllowed,
    WeakPassword,
    WrongPassword,
)
from quests.models import User
from quests.roles import Capability, Role
from tests import factories


def test_create_user_normalizes_email_and_hashes_password(session):
    user = accounts.create_user(
        session, email="  Aino.Virtanen@Example.FI ", name=" Aino ", password="salasana-123"
    )
    assert user.email == "aino.virtanen@example.fi"
    assert user.name == "Aino"
    assert user.password_hash.startswith("$argon2id$")
    assert "salasana-123" not in user.password_hash


def test_duplicate_email_is_refused_by_the_database_and_the_session_survives(session):
    accounts.create_user(session, email="eetu@example.fi", name="Eetu", password="salasana-123")
    with pytest.raises(EmailTaken):
        accounts.create_user(
            session, email="EETU@example.fi", name="Toinen", password="salasana-456"
        )
    # Only the failed insert was rolled back.
    assert accounts.get_user_by_email(session, "eetu@example.fi").name == "Eetu"


@pytest.mark.parametrize("password", ["", "lyhyt", "x" * 129])
def test_weak_passwords_are_refused(session, password):
    with pytest.raises(WeakPassword):
        accounts.create_user(session, email="a@example.fi", name="A", password=password)
    assert session.query(User).count() == 0


def test_authenticate_answers_none_for_unknown_email_wrong_password_and_inactive(session):
    user = factories.user(session, "student", email="veera@example.fi")
    assert accounts.authenticate(session, "VEERA@example.fi", factories.PASSWORD) is user
    assert accounts.authenticate(session, "veera@example.fi", "wrong-password") is None
    assert accounts.authenticate(session, "nobody@example.fi", factories.PASSWORD) is None
    user.active = False
    assert accounts.authenticate(session, "veera@example.fi", factories.PASSWORD) is None


def test_changing_the_password_renews_the_session_token(session):
    user = factories.user(session, "student")
    old_token = user.session_token
    with pytest.raises(WrongPassword):
        accounts.change_password(user, "not-the-password", "uusi-salasana-1")
    assert user.session_token == old_token
    accounts.change_password(user, factories.PASSWORD, "uusi-salasana-1")
    assert user.session_token != old_token
    assert accounts.authenticate(session, user.email, "uusi-salasana-1") is user


def test_capabilities_are_the_union_of_roles_and_everyone_learns(session):
    student = factories.user(session, "student")
    both = factories.user(session, "teacher", "employer")
    nobody = factories.user(session)
    assert student.can(Capability.LEARN) and nobody.can(Capability.LEARN)
    assert not student.can(Capability.REVIEW)
    assert both.can(Capability.REVIEW) and both.can(Capability.JUDGE)
    assert not both.can(Capability.ADMINISTER)


def test_teacher_creates_a_cohort_with_a_readable_code(session):
    teacher = factories.user(session, "teacher")
    cohort = accounts.create_cohort(session, teacher=teacher, name="Liiketalous LT26")
    assert len(cohort.join_code) == accounts.JOIN_CODE_LENGTH
    assert set(cohort.join_code) <= set(accounts.JOIN_CODE_ALPHABET)
    assert accounts.can_manage_cohort(teacher, cohort)


def test_student_cannot_create_a_cohort_and_a_name_is_needed(session):
    with pytest.raises(NotAllowed):
        accounts.create_cohort(session, teacher=factories.user(session, "student"), name="Oma")
    with pytest.raises(InvalidInput):
        accounts.create_cohort(session, teacher=factories.user(session, "teacher"), name="   ")


def test_only_the_cohorts_teachers_and_admins_manage_it(session):
    teacher, other, admin = (factories.user(session, r) for r in ("teacher", "teacher", "admin"))
    cohort = factories.cohort(session, teacher=teacher)
    assert accounts.can_manage_cohort(teacher, cohort)
    assert not accounts.can_manage_cohort(other, cohort)
    assert accounts.can_manage_cohort(admin, cohort)


def test_sign_up_with_a_join_code_typed_loosely(session):
    cohort = factories.cohort(session, teacher=factories.user(session, "teacher"))
    typed = "  " + cohort.join_code.lower()[:4] + "-" + cohort.join_code.lower()[4:] + " "
    user = accounts.sign_up_student(
        session,
        join_code=typed,
        email="onni@example.fi",
        name="Onni",
        password="salasana-123",
        locale="fi",
    )
    assert user.roles == {Role.STUDENT}
    assert accounts.cohorts_of_student(session, user) == [cohort]


def test_sign_up_with_a_wrong_code_creates_nothing(session):
    with pytest.raises(InvalidJoinCode):
        accounts.sign_up_student(
            session,
            join_code="NOPE",
            email="x@example.fi",
            name="X",
            password="salasana-123",
            locale=None,
        )
    assert session.query(User).count() == 0


def test_joining_a_cohort_twice_changes_nothing(session):
    cohort = factories.cohort(session)
    student = factories.user(session, "student")
    accounts.join_cohort(session, user=student, join_code=cohort.join_code)
    accounts.join_cohort(session, user=student, join_code=cohort.join_code)
    assert accounts.cohort_students(session, cohort) == [student]


def test_cohort_summaries_count_students_per_class(session):
    teacher = factories.user(session, "teacher")
    students = [factories.user(session, "student") for _ in range(3)]
    mine = factories.cohort(session, teacher=teacher, students=students[:2], name="A")
    factories.cohort(
        session, teacher=factories.user(session, "teacher"), students=students, name="B"
    )
    assert accounts.cohort_summaries(session, teacher) == [(mine, 2)]
    admin = factories.user(session, "admin")
    assert [count for _, count in accounts.cohort_summaries(session, admin)] == [2, 3]


def test_invites_are_for_admins_and_invitable_roles_only(session):
    admin, teacher = factories.user(session, "admin"), factories.user(session, "teacher")
    now = datetime.now(UTC)
    with pytest.raises(NotAllowed):
        accounts.create_invite(
            session, admin=teacher, email="a@example.fi", roles=[Role.TEACHER], now=now
        )
    with pytest.raises(InvalidInput):
        accounts.create_invite(
            session, admin=admin, email="a@example.fi", roles=[Role.ADMIN], now=now
        )
    with pytest.raises(InvalidInput):
        accounts.create_invite(session, admin=admin, email="a@example.fi", roles=[], now=now)


def test_invite_token_is_stored_hashed_and_works_once(session):
    admin = factories.user(session, "admin")
    now = datetime.now(UTC)
    invite, token = factories.invite(
        session, admin, "Jari@Yritys.fi", roles=[Role.EMPLOYER, Role.TEACHER]
    )
    assert token not in invite.token_hash
    user = accounts.accept_invite_new_account(
        session, token=token, name="Jari", password="salasana-123", locale="fi", now=now
    )
    assert user.email == "jari@yritys.fi"
    assert user.roles == {Role.EMPLOYER, Role.TEACHER}
    with pytest.raises(InviteUsed):
        accounts.open_invite(session, token, now)


def test_expired_and_unknown_invites(session):
    admin = factories.user(session, "admin")
    then = datetime.now(UTC) - accounts.INVITE_LIFETIME - timedelta(seconds=1)
    _, token = factories.invite(session, admin, "old@example.fi", now=then)
    with pytest.raises(InviteExpired):
        accounts.open_invite(session, token, datetime.now(UTC))
    with pytest.raises(InviteNotFound):
        accounts.open_invite(session, "not-a-token", datetime.now(UTC))


def test_existing_account_takes_the_invited_roles_only_for_its_own_email(session):
    admin = factories.user(session, "admin")
    student = factories.user(session, "student", email="emilia@example.fi")
    other = factories.user(session, "student")
    _, token = factories.invite(session, admin, "emilia@example.fi", roles=[Role.EMPLOYER])
    now = datetime.now(UTC)
    with pytest.raises(NotAllowed):
        accounts.accept_invite_existing_account(session, token=token, user=other, now=now)
    accounts.accept_invite_existing_account(session, token=token, user=student, now=now)
    assert student.roles == {Role.STUDENT, Role.EMPLOYER}
