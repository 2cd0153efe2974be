"""Entrepreneur applications: one open application per email, status links, and only
administrators decide, once."""

from datetime import UTC, datetime

import pytest

from quests import community
from quests.community_models import ApplicationStatus
from quests.errors import InvalidInput, NotAllowed, NotFound
from tests import factories

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def test_an_email_has_one_open_application_until_it_is_declined(session):
    application, token = factories.application(session, email="Kukka@Example.fi")
    assert application.email == "kukka@example.fi"
    assert community.application_by_token(session, token).id == application.id
    with pytest.raises(community.DuplicateApplication):
        factories.application(session, email="kukka@example.FI ")
    admin = factories.user(session, "admin")
    community.decline_application(
        session, actor=admin, application_id=application.id, reason="Ei tilaa nyt.", now=NOW
    )
    again, _ = factories.application(session, email="kukka@example.fi")
    assert again.id != application.id


def test_a_status_link_is_a_secret_that_changes_with_each_question(session):
    application, first = factories.application(session)
    with pytest.raises(NotFound):
        community.application_by_token(session, first + "x")
    admin = factories.user(session, "admin")
    _, second = community.ask_for_information(
        session, actor=admin, application_id=application.id, question="Kerro lisää", now=NOW
    )
    assert second != first
    with pytest.raises(NotFound):
        community.application_by_token(session, first)
    assert community.application_by_token(session, second).status == (
        ApplicationStatus.INFO_REQUESTED
    )


def test_an_entrepreneur_already_in_polku_cannot_apply(session):
    factories.user(session, "entrepreneur", email="yrittaja@example.fi")
    with pytest.raises(community.AlreadyEntrepreneur):
        factories.application(session, email="yrittaja@example.fi")


def test_only_administrators_see_and_decide_applications(session):
    application, _ = factories.application(session)
    for role in ("teacher", "entrepreneur", "student"):
        person = factories.user(session, role)
        with pytest.raises(NotAllowed):
            community.application_queue(session, person)
        with pytest.raises(NotAllowed):
            community.accept_application(
                session, actor=person, application_id=application.id, now=NOW
            )
    assert application.status == ApplicationStatus.PENDING
    admin = factories.user(session, "admin")
    assert community.application_queue(session, admin) == [application]


def test_a_decision_is_made_once_and_a_decline_gives_a_reason(session):
    application, _ = factories.application(session)
    admin = factories.user(session, "admin")
    with pytest.raises(InvalidInput):
        community.decline_application(
            session, actor=admin, application_id=application.id, reason=" ", now=NOW
        )
    accepted, invite, token = community.accept_application(
        session, actor=admin, application_id=application.id, now=NOW
    )
    assert accepted.status == ApplicationStatus.ACCEPTED and token
    assert invite.email == application.email
    with pytest.raises(community.AlreadyDecided):
        community.decline_application(
            session, actor=admin, application_id=application.id, reason="Ei", now=NOW
        )
    with pytest.raises(NotFound):
        community.accept_application(session, actor=admin, application_id=999999, now=NOW)


def test_the_applicant_answers_a_question_and_the_application_waits_again(session):
    application, _ = factories.application(session)
    with pytest.raises(community.AlreadyDecided):
        community.reply_to_application(session, application=application, reply="Tässä", now=NOW)
    admin = factories.user(session, "admin")
    community.ask_for_information(
        session, actor=admin, application_id=application.id, question="Miksi?", now=NOW
    )
    with pytest.raises(InvalidInput):
        community.reply_to_application(session, application=application, reply=" ", now=NOW)
    community.reply_to_application(session, application=application, reply="Siksi", now=NOW)
    assert application.status == ApplicationStatus.PENDING
    assert application.applicant_reply == "Siksi"


def test_applications_match_a_persons_email_only_once_it_is_confirmed(session):
    from quests.clock import utcnow

    student = factories.user(session, "student", email="sama@example.fi")
    application, _ = factories.application(session, email="sama@example.fi")
    assert community.applications_of(session, student) == []
    own, _ = factories.application(session, user=student)
    assert community.applications_of(session, student) == [own]
    # Accepted, the applicant became an entrepreneur through an invite to that address:
    # opening the mailed link confirmed it.
    by_email, _ = factories.application(session, email="oma@example.fi")
    entrepreneur = factories.user(session, "entrepreneur", email="oma@example.fi")
    assert community.applications_of(session, entrepreneur) == []
    entrepreneur.email_verified_at = utcnow()
    assert community.applications_of(session, entrepreneur) == [by_email]
    assert application not in community.applications_of(session, entrepreneur)
