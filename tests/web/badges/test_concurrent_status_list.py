"""Two transactions drawing the same status list index at once: the primary key settles it,
and the loser draws again. PostgreSQL only, as SQLite serialises writers."""

import threading
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from quests import badges, status_list
from quests.badge_models import BadgeAward, BadgeClass, StatusEntry
from quests.models import User
from tests import factories

SAME = 4242


@pytest.fixture
def postgres(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("needs PostgreSQL: set TEST_DATABASE_URL")


def test_racing_awards_get_different_indices(app, data, postgres, monkeypatch):
    with app.test_request_context(), data() as session:
        teacher = factories.user(session, "teacher")
        student = factories.user(session, "student")
        factories.cohort(session, teacher=teacher, students=[student])
        ids = [factories.badge_class(session, teacher).id for _ in range(2)]
        people = teacher.id, student.id

    draws = threading.local()

    def randbelow(_size):
        # Each thread draws SAME first, then a number of its own.
        draws.count = getattr(draws, "count", 0) + 1
        return SAME if draws.count == 1 else 10_000 + threading.get_ident() % 10_000

    monkeypatch.setattr(status_list.secrets, "randbelow", randbelow)
    errors = []

    def award(badge_id, hold):
        from webapp.extensions import db

        try:
            with app.test_request_context():
                session = db.session
                teacher, student = session.get(User, people[0]), session.get(User, people[1])
                badges.award_by_hand(
                    session,
                    actor=teacher,
                    badge=session.get(BadgeClass, badge_id),
                    students=[student],
                    quest_ids=[],
                    narrative="",
                    now=datetime.now(UTC),
                )
                time.sleep(hold)  # the first holds SAME uncommitted while the second inserts it
                session.commit()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    first = threading.Thread(target=award, args=(ids[0], 1.0))
    second = threading.Thread(target=award, args=(ids[1], 0))
    first.start()
    time.sleep(0.3)
    second.start()
    first.join(timeout=30)
    second.join(timeout=30)
    assert errors == []
    with data() as session:
        entries = session.execute(select(StatusEntry.status_index, StatusEntry.award_id)).all()
        signed = session.scalars(select(BadgeAward.credential_jwt)).all()
    assert len(entries) == 2 and SAME in {index for index, _ in entries}
    assert all(award_id for _, award_id in entries) and all(signed)
