"""The command line: creating users and seeding the demo."""

from datetime import UTC, datetime

from sqlalchemy import func, select

from quests import accounts
from quests.models import Cohort, User
from webapp.demo import DEMO_PASSWORD, PEOPLE
from webapp.extensions import db


def test_users_create_with_several_roles(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "Satu@Omnia.fi",
            "--name",
            "Satu Laine",
            "--password",
            "salasana-123",
            "--role",
            "teacher",
            "--role",
            "admin",
        ]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = accounts.get_user_by_email(db.session, "satu@omnia.fi")
        assert {str(r) for r in user.roles} == {"teacher", "admin"}


def test_users_create_refuses_bad_input_clearly(app):
    runner = app.test_cli_runner()
    base = ["users", "create", "--email", "a@omnia.fi", "--name", "A"]
    weak = runner.invoke(args=[*base, "--password", "short", "--role", "teacher"])
    assert weak.exit_code != 0 and "10 characters" in weak.output
    bad_role = runner.invoke(args=[*base, "--password", "salasana-123", "--role", "wizard"])
    assert bad_role.exit_code != 0 and "wizard" in bad_role.output
    runner.invoke(args=[*base, "--password", "salasana-123", "--role", "teacher"])
    again = runner.invoke(args=[*base, "--password", "salasana-123", "--role", "teacher"])
    assert again.exit_code != 0 and "already exists" in again.output


def test_seed_demo_prints_logins_and_is_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    second = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0 and first.output == second.output
    lines = first.output.strip().splitlines()
    assert [line.split()[0] for line in lines] == [
        "student",
        "teacher",
        "entrepreneur",
        "employer",
        "admin",
    ]
    with app.app_context():
        for _, email, _, _ in PEOPLE:
            assert accounts.authenticate(db.session, email, DEMO_PASSWORD) is not None
        assert db.session.scalar(select(func.count()).select_from(Cohort)) == 2
        users = db.session.scalar(select(func.count()).select_from(User))
    # The nine demo people and one student who left the hub (for retention).
    assert users == 10


def test_demo_students_badges_carry_open_badges_3_credentials(app):
    from quests.badge_models import BadgeAward
    from webapp.badges import signing

    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    with app.test_request_context():
        awards = db.session.scalars(select(BadgeAward)).all()
        assert awards and all(award.credential_jwt for award in awards)
        now = datetime.now(UTC)
        pairs = {(a.status(now), signing.check(a.credential_jwt).verdict) for a in awards}
    # The credential says what the award's page says: the demo's revoked badge reads revoked.
    assert ("valid", "valid") in pairs
    assert all(status == verdict for status, verdict in pairs)


def test_seed_demo_has_feedback_waiting_impact_history_and_a_student_who_left(app):
    from tests.conftest import log_in

    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    client = app.test_client()
    log_in(client, "satu.laine@demo.polku.fi", DEMO_PASSWORD)
    home = client.get("/").get_data(as_text=True)
    assert "SA-DEMO2345" in home and "SA-DEMO6789" not in home
    with client.get("/impact/active-students.csv") as response:
        counts = [line.split(",")[1] for line in response.get_data(as_text=True).splitlines()[1:]]
    assert len([n for n in counts if n != "0"]) >= 6
    dry = runner.invoke(args=["privacy", "retention", "--dry-run"])
    assert "Would delete 1 account(s)" in dry.output and "ville.entinen" in dry.output
