"""Personal learning plans: the student's teachers edit, the student reads and comments."""

from datetime import UTC, date, datetime

import pytest

from quests import lifecycle, plans
from quests.errors import InvalidDates, InvalidInput, NotAllowed
from tests import factories

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture
def hub(session):
    teacher, student = factories.user(session, "teacher"), factories.user(session, "student")
    factories.cohort(session, teacher=teacher, students=[student])
    return teacher, student


def _save(session, actor, student, qualification="Liiketoiminnan perustutkinto"):
    return plans.save_plan(
        session,
        actor=actor,
        student=student,
        qualification=qualification,
        qualification_code=" 351101 ",
        support_needs="",
        now=NOW,
    )


def _goal(session, actor, unit, title="Asiakaspalvelu"):
    return plans.add_goal(
        session,
        actor=actor,
        unit=unit,
        title=title,
        description="",
        acquisition="school",
        xp_reward=50,
        due_date=None,
        steps=[("Kerro", "text")],
    )


def test_a_teacher_saves_one_plan_per_student_and_edits_it(session, hub):
    teacher, student = hub
    plan = _save(session, teacher, student)
    again = _save(session, teacher, student, qualification="  Muutettu  ")
    assert again.id == plan.id and again.qualification == "Muutettu"
    assert plan.qualification_code == "351101"
    assert plans.plan_of(session, student).id == plan.id


def test_only_the_students_teachers_and_admins_edit_the_plan(session, hub):
    teacher, student = hub
    plan = _save(session, teacher, student)
    outsiders = (student, factories.user(session, "teacher"), factories.user(session, "student"))
    for person in outsiders:
        with pytest.raises(NotAllowed):
            _save(session, person, student)
        with pytest.raises(NotAllowed):
            plans.add_unit(session, actor=person, plan=plan, code="1", name="Osa", points=10)
    admin = factories.user(session, "admin")
    assert plans.add_unit(session, actor=admin, plan=plan, code="1", name="Osa", points=10)


def test_units_periods_and_demonstrations_are_checked(session, hub):
    teacher, student = hub
    plan = _save(session, teacher, student)
    for points in (0, 201):
        with pytest.raises(InvalidInput):
            plans.add_unit(session, actor=teacher, plan=plan, code="1", name="Osa", points=points)
    unit = plans.add_unit(session, actor=teacher, plan=plan, code="1", name="Osa", points=200)
    with pytest.raises(InvalidDates):
        plans.add_period(
            session,
            actor=teacher,
            plan=plan,
            workplace="Kahvila",
            supervisor="Laura",
            starts_on=date(2027, 2, 1),
            ends_on=date(2027, 1, 1),
            hours_per_week=25,
        )
    other_student = factories.user(session, "student")
    factories.cohort(session, teacher=teacher, students=[other_student])
    other_unit = plans.add_unit(
        session,
        actor=teacher,
        plan=_save(session, teacher, other_student),
        code="2",
        name="Toinen",
        points=5,
    )
    demonstrate = plans.add_demonstration
    with pytest.raises(NotAllowed):
        demonstrate(
            session,
            actor=teacher,
            plan=plan,
            unit=other_unit,
            description="Näyttö",
            place="",
            planned_on=None,
        )
    shown = demonstrate(
        session,
        actor=teacher,
        plan=plan,
        unit=unit,
        description=" Näyttö ",
        place="",
        planned_on=None,
    )
    assert shown.description == "Näyttö"


def test_the_student_and_their_teachers_comment_and_no_one_else(session, hub):
    teacher, student = hub
    plan = _save(session, teacher, student)
    plans.add_comment(session, actor=student, plan=plan, body="Kiitos!", now=NOW)
    plans.add_comment(session, actor=teacher, plan=plan, body="Hyvä", now=NOW)
    with pytest.raises(InvalidInput):
        plans.add_comment(session, actor=student, plan=plan, body="   ", now=NOW)
    with pytest.raises(NotAllowed):
        plans.add_comment(
            session, actor=factories.user(session, "student"), plan=plan, body="Hei", now=NOW
        )
    assert [c.body for c in plans.plan_of(session, student).comments] == ["Kiitos!", "Hyvä"]


def test_a_goal_is_the_students_quest_and_its_approval_shows_in_the_units_progress(session, hub):
    teacher, student = hub
    plan = _save(session, teacher, student)
    unit = plans.add_unit(session, actor=teacher, plan=plan, code="1", name="Osa", points=15)
    done, waiting = _goal(session, teacher, unit), _goal(session, teacher, unit, title="Toinen")
    assert done.student_id == student.id and done.plan_unit_id == unit.id
    with pytest.raises(NotAllowed):
        _goal(session, student, unit)
    submission = factories.submitted(session, done, student)
    lifecycle.approve(session, actor=teacher, submission=submission, feedback="", now=NOW)
    [progress] = plans.unit_progress(session, plan)
    assert progress.approved == 1 and progress.percent == 50
    assert dict((quest.id, state) for quest, state in progress.goals)[waiting.id] == "available"
