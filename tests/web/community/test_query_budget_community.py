"""The project list, a project page and the leaderboard run a fixed number of queries."""

from datetime import UTC, datetime

from quests import leaderboard, lifecycle
from tests import factories
from tests.conftest import log_in


def _queries(app, count_queries, email, path) -> int:
    client = app.test_client()
    log_in(client, email)
    client.get(path)  # warm up: the first request loads the person once more
    with count_queries as counter:
        assert client.get(path).status_code == 200
    return counter.count


def _community(data, n: int) -> tuple[str, str, int, int]:
    """n projects; the last with n milestones (at most 8, each reviewed), n members and
    n applicants; a class of n students on the leaderboard."""
    now = datetime.now(UTC)
    with data() as session:
        teacher = factories.user(session, "teacher")
        owner = factories.user(session, "entrepreneur")
        students = [factories.user(session, "student") for _ in range(n)]
        waiting = [factories.user(session, "student") for _ in range(n)]
        cohort = factories.cohort(session, teacher=teacher, students=students)
        for _ in range(n - 1):
            factories.project(session, factories.user(session, "entrepreneur"), milestones=1)
        project = factories.project(
            session,
            owner,
            milestones=n,
            team=students,
            applicants=waiting,
            team_size=12,
            teacher=teacher,
        )
        for quest in project.milestones:
            submission = factories.submitted(session, quest, students[0], now=now)
            lifecycle.return_for_changes(
                session, actor=owner, submission=submission, feedback="Lisää", now=now
            )
        for i, student in enumerate(students):
            leaderboard.set_preference(
                session, user=student, opted_in=True, display_name=f"Nimi {i}", now=now
            )
        return owner.email, students[0].email, project.id, cohort.id


def test_community_pages_do_not_grow_with_data(app, data, count_queries):
    counts = []
    for n in (1, 8):
        owner, student, project_id, cohort_id = _community(data, n)
        counts.append(
            [
                _queries(app, count_queries, student, "/community/projects"),
                _queries(app, count_queries, owner, f"/community/projects/{project_id}"),
                _queries(app, count_queries, student, f"/community/projects/{project_id}"),
                _queries(app, count_queries, student, f"/community/leaderboard?cohort={cohort_id}"),
                _queries(app, count_queries, owner, "/community"),
            ]
        )
    assert counts[0] == counts[1], f"1 vs 8: {counts}"
    assert max(counts[0]) <= 12, counts
