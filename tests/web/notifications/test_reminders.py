"""Deadline reminders: a registered source, `flask notify due`, each reminder sent once."""

from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives import serialization
from sqlalchemy import func, select

from quests import reminders
from quests.models import User
from quests.notification_models import Notification, SentReminder
from quests.notifications import Kind
from webapp.extensions import db
from webapp.notifications import vapid

DUE = {}


def quests_due_tomorrow(session, now):
    """A stand-in for the quest module's source: everyone in DUE has a quest due tomorrow."""
    for user_id, title in DUE.items():
        user = session.get(User, user_id)
        yield reminders.Reminder(
            user,
            Kind.DEADLINE_TOMORROW,
            {"quest": title},
            "/quests/3",
            f"quest-due:3:{user_id}:{now.date()}",
        )


@pytest.fixture
def source():
    reminders.register_source(quests_due_tomorrow)
    yield DUE
    reminders.unregister_source(quests_due_tomorrow)
    DUE.clear()


def _notifications(app):
    with app.app_context():
        return db.session.scalars(select(Notification).order_by(Notification.id)).all()


def test_notify_due_sends_each_reminder_once(app, make_user, source):
    aino, eetu = make_user("student"), make_user("student")
    source.update({aino.id: "Asiakaspalvelu", eetu.id: "Kassatyöt"})
    runner = app.test_cli_runner()
    result = runner.invoke(args=["notify", "due"])
    assert result.exit_code == 0 and "Sent 2 reminder(s)." in result.output
    result = runner.invoke(args=["notify", "due"])
    assert "Sent 0 reminder(s)." in result.output
    notes = _notifications(app)
    assert [(n.user_id, n.kind, n.params) for n in notes] == [
        (aino.id, "deadline_tomorrow", {"quest": "Asiakaspalvelu"}),
        (eetu.id, "deadline_tomorrow", {"quest": "Kassatyöt"}),
    ]


def test_a_reminder_sent_by_another_run_is_skipped_by_the_unique_key(app, make_user, source):
    aino = make_user("student")
    source[aino.id] = "Asiakaspalvelu"
    now = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    with app.app_context():
        # Another run got there between our check and our insert.
        db.session.add(
            SentReminder(dedupe_key=f"quest-due:3:{aino.id}:{now.date()}", user_id=aino.id)
        )
        db.session.commit()
        original = reminders.select

        def no_prior_check(*args):
            query = original(*args)
            return query.where(SentReminder.id < 0) if args == (SentReminder.dedupe_key,) else query

        reminders.select = no_prior_check
        try:
            assert reminders.send_due(db.session, now) == 0
        finally:
            reminders.select = original
        assert db.session.scalar(select(func.count()).select_from(SentReminder)) == 1
    assert _notifications(app) == []


def test_registering_a_source_twice_runs_it_once(source):
    reminders.register_source(quests_due_tomorrow)
    assert reminders.sources().count(quests_due_tomorrow) == 1


def test_push_init_keys_makes_a_key_once(make_app, tmp_path, monkeypatch):
    monkeypatch.delenv("VAPID_PRIVATE_KEY", raising=False)
    app = make_app(VAPID_PRIVATE_KEY=None)
    app.instance_path = str(tmp_path)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["push", "init-keys"])
    assert first.exit_code == 0, first.output
    assert "Created" in first.output and "applicationServerKey" in first.output
    key_file = tmp_path / "vapid_private.pem"
    assert key_file.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    second = runner.invoke(args=["push", "init-keys"])
    assert "Kept the existing" in second.output
    public = first.output.split("applicationServerKey): ")[1].strip()
    assert public in second.output


def test_push_init_keys_leaves_keys_from_the_environment(make_app, monkeypatch, tmp_path):
    monkeypatch.setenv("VAPID_PRIVATE_KEY", "not a key")
    app = make_app()
    app.instance_path = str(tmp_path)
    result = app.test_cli_runner().invoke(args=["push", "init-keys"])
    assert "nothing to create" in result.output
    assert result.exit_code == 1 and "not a P-256 private key" in result.output
    assert not (tmp_path / "vapid_private.pem").exists()


def test_a_raw_base64url_private_key_is_accepted(vapid_private_pem):
    key = serialization.load_pem_private_key(vapid_private_pem.encode(), password=None)
    raw = vapid.b64url(key.private_numbers().private_value.to_bytes(32, "big"))
    from_pem = vapid.keys_from_config({"VAPID_PRIVATE_KEY": vapid_private_pem})
    from_raw = vapid.keys_from_config(
        {"VAPID_PRIVATE_KEY": raw, "VAPID_PUBLIC_KEY": from_pem.application_server_key}
    )
    assert from_raw.application_server_key == from_pem.application_server_key
    with pytest.raises(vapid.VapidKeyError):
        vapid.keys_from_config({"VAPID_PRIVATE_KEY": raw, "VAPID_PUBLIC_KEY": "someone-else"})
