"""Each page runs a fixed number of SQL queries, whatever the amount of data."""

from tests import factories
from tests.conftest import log_in


def _teacher_with(data, classes: int, students_each: int) -> str:
    with data() as session:
        teacher = factories.user(session, "teacher", "admin")
        for _ in range(classes):
            students = [factories.user(session, "student") for _ in range(students_each)]
            factories.cohort(session, teacher=teacher, students=students)
        for _ in range(classes):
            factories.invite(session, teacher, f"kutsu{factories.user(session).id}@example.fi")
        return teacher.email


def _queries(app, count_queries, email, path) -> int:
    client = app.test_client()
    log_in(client, email)
    client.get(path)  # warm up: the first request loads the person once more
    with count_queries as counter:
        assert client.get(path).status_code == 200
    return counter.count


PAGES = ["/", "/teach/cohorts", "/admin/invites", "/settings/"]


def test_page_queries_do_not_grow_with_data(app, data, count_queries):
    """Each page, with 1 class and with 25: one set of people for every page."""
    small_email = _teacher_with(data, 1, 1)
    small = {path: _queries(app, count_queries, small_email, path) for path in PAGES}
    large_email = _teacher_with(data, 25, 4)
    large = {path: _queries(app, count_queries, large_email, path) for path in PAGES}
    assert small == large, "queries with 1 class, then with 25"
    assert max(small.values()) <= 12, small


def test_class_page_queries_do_not_grow_with_students(app, data, count_queries):
    counts = []
    for size in (1, 40):
        with data() as session:
            teacher = factories.user(session, "teacher")
            students = [factories.user(session, "student") for _ in range(size)]
            cohort_id = factories.cohort(session, teacher=teacher, students=students).id
            email = teacher.email
        counts.append(_queries(app, count_queries, email, f"/teach/cohorts/{cohort_id}"))
    assert counts[0] == counts[1]


def _student_with_quests(data, n: int) -> tuple[str, str]:
    """A student with n each of goals, challenges, submissions waiting and approved ones."""
    from datetime import UTC, date, datetime, timedelta

    from quests import lifecycle

    now = datetime.now(UTC)
    with data() as session:
        teacher = factories.user(session, "teacher")
        student = factories.user(session, "student")
        cohort = factories.cohort(session, teacher=teacher, students=[student])
        for i in range(n):
            due = date.today() - timedelta(days=i % 3)
            factories.goal(session, teacher, student, due_date=due)
            factories.challenge(session, teacher, cohort, due_date=due)
            factories.submitted(session, factories.goal(session, teacher, student), student)
            done = factories.submitted(session, factories.goal(session, teacher, student), student)
            lifecycle.approve(session, actor=teacher, submission=done, feedback="Hyvä", now=now)
        return student.email, teacher.email


CORE_LOOP = [
    ("student", "/"),
    ("student", "/quests"),
    ("student", "/quests?tab=done"),
    ("teacher", "/review"),
    ("student", "/plan"),
]


def test_core_loop_pages_do_not_grow_with_quests(app, data, count_queries):
    """Each page, with 1 and with 100 of everything: the people are made once for all pages."""
    counts = {}
    for n in (1, 100):
        people = dict(zip(("student", "teacher"), _student_with_quests(data, n), strict=True))
        counts[n] = {
            path: _queries(app, count_queries, people[who], path) for who, path in CORE_LOOP
        }
    assert counts[1] == counts[100], "queries with 1 quest, then with 100"
    assert max(counts[1].values()) <= 12, counts[1]


def _badge_holder(app, data, n: int) -> tuple[str, str, str]:
    """A student holding n badges (with evidence), n more rule badges, and their teacher."""
    from datetime import UTC, datetime

    from quests import badges

    now = datetime.now(UTC)
    with app.test_request_context(), data() as session:
        teacher = factories.user(session, "teacher")
        student = factories.user(session, "student")
        factories.cohort(session, teacher=teacher, students=[student])
        done = factories.submitted(session, factories.goal(session, teacher, student), student)
        from quests import lifecycle

        lifecycle.approve(session, actor=teacher, submission=done, feedback="", now=now)
        for i in range(n):
            badge = factories.badge_class(session, teacher, name=f"Merkki {i}")
            badges.award_by_hand(
                session,
                actor=teacher,
                badge=badge,
                students=[student],
                quest_ids=[done.attempt.quest_id],
                narrative="Hyvä",
                now=now,
            )
            factories.badge_class(session, teacher, rules=[("quests_approved", {"count": 3 + i})])
        return student.email, teacher.email, badge.public_id


BADGE_PAGES = [("student", "/badges"), ("teacher", "/teach/badges"), ("teacher", "award")]


def test_badge_pages_do_not_grow_with_badges(app, data, count_queries):
    counts = {}
    for n in (1, 30):
        student, teacher, badge = _badge_holder(app, data, n)
        people = {"student": student, "teacher": teacher}
        counts[n] = {
            path: _queries(
                app,
                count_queries,
                people[who],
                f"/teach/badges/{badge}/award" if path == "award" else path,
            )
            for who, path in BADGE_PAGES
        }
    assert counts[1] == counts[30], "queries with 1 badge, then with 30"
