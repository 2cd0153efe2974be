"""/impact: figures counted from the data, a teacher's classes only, a fixed number of
queries whatever the range, accessible SVG charts and formula-safe CSV."""

import csv
import io
from datetime import UTC, date, datetime

import pytest

from quests.badge_models import BadgeAward
from quests.plan_models import LearningPlan, WorkPeriod
from quests.quest_models import ActivityDay, QuestAttempt, Submission
from tests import factories
from tests.conftest import log_in
from tests.web.competitions.conftest import add_entry, make_competition

MARCH = datetime(2026, 3, 10, 12, tzinfo=UTC)
RANGE = {"start": "2026-01", "end": "2026-06"}


def _active_student(session, teacher, cohort_name, n_days=2):
    """A student who was active in March 2026: days, a work period, an approved quest,
    a badge and a competition entry."""
    student = factories.user(session, "student")
    factories.cohort(session, teacher=teacher, students=[student], name=cohort_name)
    for day in range(1, n_days + 1):
        session.add(ActivityDay(user_id=student.id, day=date(2026, 3, day)))
    plan = LearningPlan(student_id=student.id, qualification="Liiketalouden perustutkinto")
    plan.periods.append(
        WorkPeriod(
            workplace="Kahvila",
            supervisor="Maija",
            starts_on=date(2026, 3, 2),
            ends_on=date(2026, 3, 29),
            hours_per_week=30,
        )
    )
    session.add(plan)
    quest = factories.challenge(session, owner=teacher)
    attempt = QuestAttempt(quest_id=quest.id, student_id=student.id, state="approved")
    attempt.submissions.append(Submission(decision="approved", reviewed_at=MARCH))
    session.add(attempt)
    badge = factories.badge_class(session, teacher)
    session.add(
        BadgeAward(
            badge_id=badge.id,
            recipient_id=student.id,
            source=f"test:{student.id}",
            salt="s",
            recipient_hash="h",
            issued_at=MARCH,
        )
    )
    session.flush()
    return student


@pytest.fixture
def hub(data, make_user):
    with data() as session:
        teacher = factories.user(session, "teacher")
        other_teacher = factories.user(session, "teacher")
        admin = factories.user(session, "admin")
        mine = _active_student(session, teacher, '=HYPERLINK("http://x")')
        theirs = _active_student(session, other_teacher, "Muiden ryhmä", n_days=3)
        competition = make_competition(session, admin)
        for student in (mine, theirs):
            add_entry(session, competition, student).created_at = MARCH
        other_cohort = theirs.memberships[0].cohort_id
        return {
            "teacher": teacher.email,
            "other_teacher": other_teacher.email,
            "admin": admin.email,
            "other_cohort": other_cohort,
        }


def _csv(client, slug, **params):
    response = client.get(f"/impact/{slug}.csv", query_string={**RANGE, **params})
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def _march(rows):
    return next(row for row in rows if row[0] == "2026-03")


def test_a_teacher_counts_only_their_own_classes(client, hub):
    log_in(client, hub["teacher"])
    assert _march(_csv(client, "active-students"))[1] == "1"
    assert _march(_csv(client, "quests-approved"))[1] == "1"
    assert _march(_csv(client, "badges-issued"))[1] == "1"
    assert _march(_csv(client, "competition-entries"))[1] == "1"
    assert _march(_csv(client, "work-periods"))[1] == "1"
    # Four weeks at 30 hours a week.
    assert _march(_csv(client, "work-hours"))[1] == "120"
    page = client.get("/impact", query_string=RANGE).get_data(as_text=True)
    assert "Muiden ryhmä" not in page
    # Hub-wide figures are not a teacher's.
    assert client.get("/impact/judges.csv", query_string=RANGE).status_code == 404


def test_a_teacher_cannot_ask_for_another_teachers_class(client, hub):
    log_in(client, hub["teacher"])
    response = client.get("/impact", query_string={"cohort": hub["other_cohort"]})
    assert response.status_code == 403
    # Refused before the bad dates are looked at.
    bad = {"cohort": hub["other_cohort"], "start": "eilen"}
    assert client.get("/impact", query_string=bad).status_code == 403
    assert client.get("/impact/active-students.csv", query_string=bad).status_code == 403


def test_an_admin_sees_the_whole_hub_and_any_class(client, hub):
    log_in(client, hub["admin"])
    assert _march(_csv(client, "active-students"))[1] == "2"
    assert _march(_csv(client, "competition-entries"))[1] == "2"
    assert _march(_csv(client, "judges"))[1] == "0"
    rows = _csv(client, "active-students", cohort=hub["other_cohort"])
    assert _march(rows) == ["2026-03", "1", "Muiden ryhmä"]
    assert client.get("/impact", query_string={"cohort": 999999}).status_code == 404


def test_the_csv_is_safe_to_open_in_a_spreadsheet(client, hub):
    log_in(client, hub["teacher"])
    [cohort_id] = [
        line.split('value="')[1].split('"')[0]
        for line in client.get("/impact").get_data(as_text=True).splitlines()
        if "HYPERLINK" in line
    ]
    rows = _csv(client, "active-students", cohort=cohort_id)
    assert _march(rows)[2] == '\'=HYPERLINK("http://x")'
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_charts_are_accessible_svg_with_a_table_beside(client, hub):
    log_in(client, hub["admin"])
    page = client.get("/impact", query_string=RANGE).get_data(as_text=True)
    assert page.count('<svg class="chart"') == 10
    assert page.count('role="img"') >= 10
    assert '<title id="active-students-title">' in page
    assert '<desc id="active-students-desc">' in page
    assert "1/26 – 6/26" not in page  # the description is words, not a range glyph
    assert '<table class="data-table">' in page
    assert "<script" not in page.split("<main")[1]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "maaliskuu"}, "Valitse kuukausi, esimerkiksi 2026-09."),
        ({"start": "2026-06", "end": "2026-01"}, "Loppukuukausi on ennen alkukuukautta."),
        ({"start": "2020-01", "end": "2026-01"}, "Valitse enintään 60 kuukautta."),
    ],
)
def test_a_wrong_range_is_refused_with_a_message(client, hub, params, message):
    log_in(client, hub["admin"])
    response = client.get("/impact", query_string=params)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["admin", "teacher"])
def test_the_number_of_queries_does_not_grow_with_the_range(client, hub, count_queries, role):
    log_in(client, hub[role])
    counts = []
    for params in ({"start": "2026-03", "end": "2026-03"}, {"start": "2025-01", "end": "2026-12"}):
        with count_queries as counter:
            assert client.get("/impact", query_string=params).status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
