"""An address is trusted only after a link sent to it was opened (finding 2)."""

from datetime import UTC, datetime
from types import SimpleNamespace

from quests import community
from quests.models import User
from tests import factories
from tests.conftest import log_in, page_token
from tests.web.outbox import last_link
from webapp.extensions import db


def _verified(app, email) -> bool:
    with app.app_context():
        return db.session.query(User).filter_by(email=email).one().email_verified


def test_signing_up_confirms_the_address_by_its_link(app, client, data):
    with data() as session:
        code = factories.cohort(session, teacher=factories.user(session, "teacher")).join_code
    client.post(
        "/signup",
        data={
            "csrf_token": page_token(client, "/signup"),
            "join_code": code,
            "name": "Aino Virtanen",
            "email": "aino@koulu.example",
            "password": "salasana-123",
        },
    )
    path = last_link(app, "aino@koulu.example").split("localhost", 1)[-1]
    client.post(path, data={"csrf_token": page_token(client, path)})
    assert _verified(app, "aino@koulu.example")


def test_an_older_unconfirmed_address_is_confirmed_from_settings(app, client, data):
    with data() as session:
        person = factories.user(session, "student", email="aino@koulu.example")
        email = person.email
    log_in(client, email)
    settings = client.get("/settings/").get_data(as_text=True)
    assert "Lähetä vahvistuslinkki uudelleen" in settings
    sent = client.post(
        "/settings/email/verify", data={"csrf_token": page_token(client, "/settings/")}
    )
    assert sent.status_code == 303
    link = last_link(app, email).split("localhost", 1)[-1]
    assert link.startswith("/email/verify/")
    assert client.get(link).status_code == 302
    assert _verified(app, email)
    assert "Lähetä vahvistuslinkki" not in client.get("/settings/").get_data(as_text=True)


def test_forged_and_changed_address_links_are_refused(app, client, data):
    from webapp.accounts import email_verification

    with data() as session:
        person = factories.user(session, "student", email="vanha@koulu.example")
        person = SimpleNamespace(id=person.id, email=person.email)
    with app.test_request_context():
        token = email_verification.make_token(person)
    with data() as session:
        session.get(User, person.id).email = "uusi@koulu.example"
    assert client.get(f"/email/verify/{token}").status_code == 410
    assert client.get(f"/email/verify/{token[:-2]}xx").status_code == 410
    assert not _verified(app, "uusi@koulu.example")


def test_an_unconfirmed_account_is_not_matched_to_an_application_by_email(app, data):
    """A student typed an entrepreneur's address at sign-up: the application stays apart."""
    with data() as session:
        admin = factories.user(session, "admin")
        application, _ = factories.application(session, email="yrittaja@firma.example")
        squatter = factories.user(session, "student", email="yrittaja@firma.example")
        assert community.applications_of(session, squatter) == []
        accepted, _, _ = community.accept_application(
            session, actor=admin, application_id=application.id, now=datetime.now(UTC)
        )
        assert accepted.user_id is None
        # Once the address is confirmed (the invite's link does that), it is theirs.
        squatter.email_verified_at = datetime.now(UTC)
        assert community.applications_of(session, squatter) == [application]
