"""Judging reminders, and who may take a judge's seat offered by email."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from quests.notification_models import Notification
from quests.reminders import send_due
from tests import factories
from tests.web.competitions.conftest import add_entry, make_competition, seat
from webapp.competitions import reminders
from webapp.competitions.models import Assignment
from webapp.extensions import db


def test_judging_closes_tomorrow_reaches_assigned_judges_once(app, data):
    now = datetime.now(UTC)
    with data() as session:
        admin = factories.user(session, "admin")
        student = factories.user(session, "student")
        busy, idle = factories.user(session, "employer"), factories.user(session, "employer")
        windows = (
            now - timedelta(days=3),
            now - timedelta(days=2),
            now - timedelta(days=2),
            now + timedelta(days=1),
        )
        competition = make_competition(session, admin, windows=windows)
        entry = add_entry(session, competition, student)
        session.add(Assignment(entry_id=entry.id, judge_id=seat(session, competition, busy).id))
        seat(session, competition, idle)
        busy_id, title = busy.id, competition.title

    with app.app_context():
        reminders_now = list(reminders.judging_closes_tomorrow(db.session, now))
        assert [(r.user.id, r.params) for r in reminders_now] == [(busy_id, {"competition": title})]
        assert send_due(db.session, now) >= 1
        assert send_due(db.session, now) == 0
        kinds = db.session.scalars(
            select(Notification.kind).where(Notification.user_id == busy_id)
        ).all()
    assert kinds == ["judging_closes_tomorrow"]
