"""Community projects: who posts and runs them, team limits, joining once, completion."""

from datetime import UTC, date, datetime

import pytest

from quests import lifecycle, projects
from quests.community_models import MemberStatus
from quests.errors import InvalidDates, InvalidInput, NotAllowed
from tests import factories

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def _input(**fields) -> projects.ProjectInput:
    return projects.ProjectInput(
        title=fields.get("title", "Kahvilan uusi ilme"),
        need=fields.get("need", "marketing"),
        description="Todellinen tarve.",
        skills="valokuvaus",
        team_size=fields.get("team_size", 2),
        starts_on=fields.get("starts_on"),
        ends_on=fields.get("ends_on"),
    )


def _create(session, actor, milestones=1, **fields):
    return projects.create_project(
        session,
        actor=actor,
        data=_input(**fields),
        milestones=[
            projects.MilestoneInput(title=f"Vaihe {n}", evidence="text") for n in range(milestones)
        ],
        now=NOW,
        entrepreneur=fields.get("entrepreneur"),
        teacher=fields.get("teacher"),
    )


def _apply(session, student, project):
    return projects.apply_to_project(
        session, actor=student, project=project, message="Haluan mukaan", now=NOW
    )


def test_entrepreneurs_post_their_own_and_teachers_post_for_an_entrepreneur(session):
    owner, teacher = factories.user(session, "entrepreneur"), factories.user(session, "teacher")
    own = _create(session, owner)
    assert own.owner_id == owner.id and own.teacher_id is None
    for_them = _create(session, teacher, entrepreneur=owner)
    assert for_them.owner_id == owner.id and for_them.teacher_id == teacher.id
    with pytest.raises(InvalidInput):
        _create(session, teacher, entrepreneur=factories.user(session, "student"))
    for nobody in (factories.user(session, "student"), factories.user(session, "employer")):
        with pytest.raises(NotAllowed):
            _create(session, nobody)


def test_a_project_needs_a_sane_team_dates_and_milestones(session):
    owner = factories.user(session, "entrepreneur")
    for size in (0, 13):
        with pytest.raises(InvalidInput):
            _create(session, owner, team_size=size)
    with pytest.raises(InvalidDates):
        _create(session, owner, starts_on=date(2027, 2, 1), ends_on=date(2027, 1, 1))
    with pytest.raises(InvalidInput):
        _create(session, owner, milestones=0)
    with pytest.raises(InvalidInput):
        _create(session, owner, need="world_domination")
    assert _create(session, owner, team_size=12, milestones=8).team_size == 12


def test_the_owner_teacher_and_admins_run_a_project_and_no_one_else(session):
    owner, teacher = factories.user(session, "entrepreneur"), factories.user(session, "teacher")
    project = _create(session, owner, teacher=teacher)
    admin = factories.user(session, "admin")
    outsiders = [factories.user(session, role) for role in ("entrepreneur", "teacher", "student")]
    for person in (owner, teacher, admin):
        assert projects.can_manage_project(person, project)
    for person in outsiders:
        assert not projects.can_manage_project(person, project)
        with pytest.raises(NotAllowed):
            projects.update_project(session, actor=person, project=project, data=_input())


def test_only_students_apply_and_each_once(session):
    owner = factories.user(session, "entrepreneur")
    project = _create(session, owner)
    student = factories.user(session, "student")
    _apply(session, student, project)
    with pytest.raises(projects.AlreadyJoined):
        _apply(session, student, project)
    for not_a_student in (owner, factories.user(session, "teacher")):
        with pytest.raises(NotAllowed):
            _apply(session, not_a_student, project)


def test_a_full_team_takes_no_one_more(session):
    owner = factories.user(session, "entrepreneur")
    project = _create(session, owner, team_size=1)
    first, second = factories.user(session, "student"), factories.user(session, "student")
    _apply(session, first, project)
    _apply(session, second, project)
    accept = projects.accept_member
    member = accept(session, actor=owner, project=project, user_id=first.id, now=NOW)
    assert member.status == MemberStatus.ACCEPTED
    with pytest.raises(projects.AlreadyMember):
        accept(session, actor=owner, project=project, user_id=first.id, now=NOW)
    with pytest.raises(projects.TeamFull):
        accept(session, actor=owner, project=project, user_id=second.id, now=NOW)
    with pytest.raises(projects.TeamFull):
        _apply(session, factories.user(session, "student"), project)
    with pytest.raises(projects.NotApplicant):
        accept(session, actor=owner, project=project, user_id=owner.id, now=NOW)
    assert projects.team_member_ids(session, project.id) == {first.id}


def test_a_stranger_cannot_accept_a_member(session):
    project = _create(session, factories.user(session, "entrepreneur"))
    student = factories.user(session, "student")
    _apply(session, student, project)
    with pytest.raises(NotAllowed):
        projects.accept_member(
            session,
            actor=factories.user(session, "entrepreneur"),
            project=project,
            user_id=student.id,
            now=NOW,
        )


def test_the_project_completes_when_every_milestone_is_approved_and_then_closes(session):
    owner, student = factories.user(session, "entrepreneur"), factories.user(session, "student")
    project = factories.project(session, owner, milestones=2, team=[student])
    first, last = project.milestones
    with pytest.raises(projects.NotCompleted):
        projects.leave_testimonial(session, actor=owner, project=project, text="Hyvä", now=NOW)
    submission = factories.submitted(session, first, student)
    lifecycle.approve(session, actor=owner, submission=submission, feedback="", now=NOW)
    assert project.completed_at is None
    submission = factories.submitted(session, last, student)
    lifecycle.approve(session, actor=owner, submission=submission, feedback="", now=NOW)
    session.refresh(project)
    assert project.completed_at is not None
    with pytest.raises(projects.ProjectCompleted):
        _apply(session, factories.user(session, "student"), project)
    milestone = projects.MilestoneInput(title="Lisää", evidence="text")
    with pytest.raises(projects.ProjectCompleted):
        projects.add_milestone(session, actor=owner, project=project, milestone=milestone)
    with pytest.raises(NotAllowed):
        projects.leave_testimonial(session, actor=student, project=project, text="Hyvä", now=NOW)
    with pytest.raises(InvalidInput):
        projects.leave_testimonial(session, actor=owner, project=project, text=" ", now=NOW)
    projects.leave_testimonial(session, actor=owner, project=project, text="Upea tiimi", now=NOW)
    assert project.testimonial == "Upea tiimi"
