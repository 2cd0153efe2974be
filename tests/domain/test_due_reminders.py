from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from quests import due_reminders, lifecycle
from quests.notification_models import Notification
from tests import factories

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
TOMORROW = date(2026, 11, 24)


def test_quests_due_tomorrow_are_reminded_once_each(session):
    teacher = factories.user(session, "teacher")
    aino, eetu, veera = (factories.user(session, "student") for _ in range(3))
    cohort = factories.cohort(session, teacher=teacher, students=[aino, eetu, veera])
    goal = factories.goal(session, teacher, aino, due_date=TOMORROW)
    later = factories.goal(session, teacher, aino, due_date=TOMORROW + timedelta(days=1))
    challenge = factories.challenge(session, teacher, cohort, due_date=TOMORROW)
    lifecycle.accept(session, actor=eetu, quest=challenge, now=NOW)
    factories.submitted(session, challenge, veera, now=NOW)  # already sent: no reminder

    reminders = list(due_reminders.quests_due_tomorrow(session, NOW))
    assert sorted((r.user.id, r.params["quest"]) for r in reminders) == sorted(
        [(aino.id, goal.title), (eetu.id, challenge.title)]
    )
    assert later.title not in {r.params["quest"] for r in reminders}
    assert len({r.dedupe_key for r in reminders}) == 2


def test_a_review_notifies_the_student(session):
    teacher = factories.user(session, "teacher")
    student = factories.user(session, "student")
    factories.cohort(session, teacher=teacher, students=[student])
    submission = factories.submitted(session, factories.goal(session, teacher, student), student)
    lifecycle.return_for_changes(
        session, actor=teacher, submission=submission, feedback="Lisää kuva", now=NOW
    )
    kinds = session.scalars(select(Notification.kind).where(Notification.user_id == student.id))
    assert list(kinds) == ["quest_reviewed"]
