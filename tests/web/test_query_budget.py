"""Each page runs a fixed number of SQL queries, whatever the amount of data."""

import pytest

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


@pytest.mark.parametrize("path", ["/", "/teach/cohorts", "/admin/invites", "/settings/"])
def test_page_queries_do_not_grow_with_data(app, data, count_queries, path):
    small = _queries(app, count_queries, _teacher_with(data, 1, 1), path)
    large = _queries(app, count_queries, _teacher_with(data, 25, 4), path)
    assert small == large, f"{path}: {small} queries with 1 class, {large} with 25"
    assert small <= 12


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


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("student", "/"),
        ("student", "/quests"),
        ("student", "/quests?tab=done"),
        ("teacher", "/review"),
        ("student", "/plan"),
    ],
)
def test_core_loop_pages_do_not_grow_with_quests(app, data, count_queries, who, path):
    counts = []
    for n in (1, 100):
        student, teacher = _student_with_quests(data, n)
        counts.append(_queries(app, count_queries, student if who == "student" else teacher, path))
    assert counts[0] == counts[1], f"{path}: {counts[0]} queries with 1 quest, {counts[1]} with 100"
    assert counts[0] <= 12
