"""Two reviewers approving the same submission at the same moment grant XP once.

Real concurrency needs a real database server, so this runs on PostgreSQL only
(CI's second run); SQLite serialises writers and would prove nothing.
"""

import threading

import pytest
from sqlalchemy import func, select

from quests.quest_models import Submission, XpEntry
from tests import factories
from tests.conftest import log_in, page_token

ROUNDS = 5


@pytest.fixture
def postgres(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("needs PostgreSQL: set TEST_DATABASE_URL")


def test_two_reviewers_at_once_grant_xp_exactly_once(app, data, postgres):
    with data() as session:
        teacher = factories.user(session, "teacher")
        admin = factories.user(session, "admin")
        student = factories.user(session, "student")
        factories.cohort(session, teacher=teacher, students=[student])
        submission_ids = [
            factories.submitted(
                session, factories.goal(session, teacher, student, xp=70), student
            ).id
            for _ in range(ROUNDS)
        ]
        reviewers = [teacher.email, admin.email]

    clients = []
    for email in reviewers:
        client = app.test_client()
        log_in(client, email)
        clients.append((client, page_token(client, "/review")))

    for submission_id in submission_ids:
        barrier = threading.Barrier(len(clients))
        statuses = []

        def approve(client, token, submission_id=submission_id, barrier=barrier, statuses=statuses):
            barrier.wait()
            response = client.post(
                f"/review/{submission_id}/approve", data={"csrf_token": token, "feedback": "Hyvä"}
            )
            statuses.append(response.status_code)

        threads = [threading.Thread(target=approve, args=pair) for pair in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(statuses) == [303, 409], statuses

    with data() as session:
        assert session.scalar(select(func.count()).select_from(XpEntry)) == ROUNDS
        assert session.scalar(select(func.sum(XpEntry.amount))) == 70 * ROUNDS
        decided = session.scalars(select(Submission.decision)).all()
        assert decided == ["approved"] * ROUNDS


def test_concurrent_approvals_award_a_rule_badge_once(app, data, postgres):
    from quests.badge_models import BadgeAward

    with app.test_request_context(), data() as session:
        teacher = factories.user(session, "teacher")
        admin = factories.user(session, "admin")
        student = factories.user(session, "student")
        factories.cohort(session, teacher=teacher, students=[student])
        factories.badge_class(session, teacher, rules=[("quests_approved", {"count": 1})])
        submission_ids = [
            factories.submitted(session, factories.goal(session, teacher, student), student).id
            for _ in range(2)
        ]
        reviewers = [teacher.email, admin.email]
    clients = []
    for email in reviewers:
        client = app.test_client()
        log_in(client, email)
        clients.append((client, page_token(client, "/review")))
    barrier = threading.Barrier(2)
    statuses = []

    def approve(client, token, submission_id):
        barrier.wait()
        response = client.post(f"/review/{submission_id}/approve", data={"csrf_token": token})
        statuses.append(response.status_code)

    threads = [
        threading.Thread(target=approve, args=(*pair, submission_id))
        for pair, submission_id in zip(clients, submission_ids, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert statuses == [303, 303]
    with data() as session:
        assert session.scalar(select(func.count()).select_from(BadgeAward)) == 1
