"""Deleting an account does exactly what PRIVACY.md says: the quality bar of issue 17."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from quests import account_deletion
from quests.badge_models import BadgeApplication, BadgeAward
from quests.models import CohortMembership, User, UserRole
from quests.notification_models import Notification, PushSubscription
from quests.plan_models import PlanComment
from quests.quest_models import Evidence, QuestAttempt, XpEntry
from tests import factories
from tests.conftest import log_in, page_token
from tests.web.privacy.conftest import files_under
from webapp.competitions import results
from webapp.competitions.models import Assignment, Competition, Entry, Judge, Score
from webapp.extensions import db


def _results(app, competition_id):
    with app.app_context():
        admin = factories.user(db.session, "admin")
        competition = db.session.get(Competition, competition_id)
        table = results.results(db.session, admin, competition, normalise=False)
        scores = {row.entry.id: (row.score, len(row.judge_totals)) for row in table.rows}
        db.session.rollback()
        return scores


def _delete(client, world, password=factories.PASSWORD):
    log_in(client, world.email)
    token = page_token(client, "/settings/data")
    return client.post("/settings/data/delete", data={"csrf_token": token, "password": password})


def test_deleting_an_account_leaves_no_file_and_exactly_what_is_defined(app, client, world):
    media_root = app.config["MEDIA_ROOT"]
    from pathlib import Path

    before_files = files_under(Path(media_root))
    before_results = _results(app, world.competition_id)
    assert before_results[world.judged_entry_id][1] == 2

    response = _delete(client, world)
    assert response.status_code == 303

    after_files = files_under(Path(media_root))
    # Only the person's files went: their photo, application file and both video files.
    assert len(before_files - after_files) == 4
    assert set(world.classmate_files) <= after_files
    with app.app_context():
        session = db.session
        person = session.get(User, world.person_id)
        assert person.deleted_at is not None and not person.active
        assert person.name == "" and person.email.endswith("@deleted.invalid")
        assert person.password_hash == "!"
        for model, column in [
            (QuestAttempt, QuestAttempt.student_id),
            (XpEntry, XpEntry.user_id),
            (Entry, Entry.student_id),
            (BadgeApplication, BadgeApplication.student_id),
            (Notification, Notification.user_id),
            (PushSubscription, PushSubscription.user_id),
            (UserRole, UserRole.user_id),
            (CohortMembership, CohortMembership.user_id),
            (Judge, Judge.user_id),
        ]:
            query = select(func.count()).select_from(model).where(column == person.id)
            assert session.scalar(query) == 0, model
        assert session.scalar(select(func.count(Evidence.id))) == 1  # the classmate's
        # The award stays, revoked, with no name shown.
        award = session.scalar(select(BadgeAward).where(BadgeAward.recipient_id == person.id))
        assert award.revoked_at is not None and not award.show_name
        # The plan comment stays on the classmate's plan, without its author.
        comment = session.scalar(
            select(PlanComment).where(PlanComment.plan_id == world.classmate_plan_id)
        )
        assert comment.body == "Hyvä suunnitelma!" and comment.author_id is None
        # The judge's seat and scores stay, no longer naming the person.
        judges = session.scalars(select(Judge)).all()
        assert len(judges) == 2
        assert not any(j.email == world.email for j in judges)
        assert session.scalar(select(func.count(Score.id))) == 2 * 2
        assert session.scalar(select(func.count(Assignment.id))) == 2

    # The competition's results still add up: the same score from the same two judges.
    after_results = _results(app, world.competition_id)
    assert after_results[world.judged_entry_id] == before_results[world.judged_entry_id]

    organiser = app.test_client()
    with app.app_context():
        admin = db.session.scalar(select(User).join(UserRole).where(UserRole.role == "admin"))
        admin_email = admin.email
    log_in(organiser, admin_email)
    manage = organiser.get(f"/competitions/{world.competition_id}/manage").get_data(as_text=True)
    assert "Poistettu käyttäjä" in manage and "deleted.invalid" not in manage

    assertion = client.get(f"/ob/assertions/{world.award_public_id}")
    assert assertion.status_code == 410
    document = json.loads(assertion.get_data(as_text=True))
    assert document["revoked"] is True
    assert document["revocationReason"] == "recipient deleted the account"

    # Signed out, and the old password no longer opens anything.
    assert client.get("/settings/data").status_code == 302
    assert log_in(client, world.email).status_code != 302


def test_the_plan_shows_the_comment_as_a_deleted_users(app, client, world):
    assert _delete(client, world).status_code == 303
    with app.app_context():
        teacher = db.session.get(User, world.teacher_id)
        email = teacher.email
    other = app.test_client()
    log_in(other, email)
    page = other.get(f"/plans/{world.classmate_id}").get_data(as_text=True)
    assert "Hyvä suunnitelma!" in page and "Poistettu käyttäjä" in page


def test_a_wrong_password_deletes_nothing(app, client, world):
    response = _delete(client, world, password="väärä-salasana-1")
    assert response.status_code == 422
    assert "Salasana ei ole oikein." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, world.person_id).deleted_at is None
        assert db.session.scalar(select(func.count(Entry.id))) == 2


def test_an_admin_deletes_an_account_on_request(app, client, world, login_as):
    admin = login_as("admin")
    token = page_token(client, "/admin/accounts/delete")
    form = {"csrf_token": token, "email": world.email, "request_note": "Sähköposti 3.3."}
    wrong = client.post("/admin/accounts/delete", data={**form, "password": "väärä-salasana-1"})
    assert wrong.status_code == 422
    unknown = {**form, "email": "ei-ketaan@example.fi", "password": factories.PASSWORD}
    response = client.post("/admin/accounts/delete", data=unknown)
    assert response.status_code == 422
    assert "Tällä sähköpostiosoitteella ei ole tiliä." in response.get_data(as_text=True)
    done = client.post("/admin/accounts/delete", data={**form, "password": admin.password})
    assert done.status_code == 303
    with app.app_context():
        assert db.session.get(User, world.person_id).deleted_at is not None


def test_a_teacher_cannot_delete_someone_else(app, world):
    with app.app_context():
        teacher = db.session.get(User, world.teacher_id)
        person = db.session.get(User, world.person_id)
        with pytest.raises(account_deletion.NotAllowed):
            account_deletion.authorize(teacher, person, factories.PASSWORD)


def test_retention_lists_then_deletes_students_who_left_long_ago(app, data):
    now = datetime.now(UTC)
    with data() as session:

        def left(role, days):
            return factories.user(
                session, role, active=False, deactivated_at=now - timedelta(days=days)
            )

        gone, recent, teacher = left("student", 400), left("student", 10), left("teacher", 900)
        ids = gone.id, recent.id, teacher.id
        gone_email = gone.email
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["privacy", "retention", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Would delete 1 account(s)" in dry.output and gone_email in dry.output
    with app.app_context():
        assert db.session.get(User, ids[0]).deleted_at is None
    real = runner.invoke(args=["privacy", "retention"])
    assert real.exit_code == 0, real.output
    with app.app_context():
        assert db.session.get(User, ids[0]).deleted_at is not None
        assert db.session.get(User, ids[1]).deleted_at is None
        assert db.session.get(User, ids[2]).deleted_at is None


def test_an_admin_records_that_a_student_left_and_retention_counts_from_then(
    app, client, data, login_as
):
    with data() as session:
        student = factories.user(session, "student")
        email, student_id = student.email, student.id
    login_as("admin")
    token = page_token(client, "/admin/accounts/delete")
    unknown = client.post(
        "/admin/accounts/leave", data={"csrf_token": token, "left-email": "ei@example.fi"}
    )
    assert unknown.status_code == 422
    body = {"csrf_token": token, "left-email": email}
    assert client.post("/admin/accounts/leave", data=body).status_code == 303
    again = client.post("/admin/accounts/leave", data=body)
    assert again.status_code == 409
    assert "Tili on jo suljettu." in again.get_data(as_text=True)
    assert log_in(app.test_client(), email).status_code != 302
    with app.app_context():
        left = db.session.get(User, student_id)
        assert not left.active and left.deactivated_at is not None
        now = datetime.now(UTC)
        assert account_deletion.due_for_retention(db.session, now=now, days=365) == []
        later = now + timedelta(days=366)
        due = account_deletion.due_for_retention(db.session, now=later, days=365)
        assert [u.id for u in due] == [student_id]
