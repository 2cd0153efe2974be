"""Who may do what on a project's page: decided by the page object, not the template."""

from quests import project_pages
from tests import factories


def _page(session, viewer, project):
    return project_pages.project_page(session, viewer, project.id)


def test_a_student_outside_the_team_may_apply_and_sees_no_feedback(session):
    owner = factories.user(session, "entrepreneur")
    project = factories.project(session, owner)
    page = _page(session, factories.user(session, "student"), project)
    assert page.can_apply
    assert not page.in_team_or_manages
    assert not page.can_open_milestones


def test_team_members_open_milestones_and_see_feedback_but_do_not_apply_again(session):
    owner = factories.user(session, "entrepreneur")
    member = factories.user(session, "student")
    project = factories.project(session, owner, team=[member])
    page = _page(session, member, project)
    assert not page.can_apply
    assert page.in_team_or_manages and page.can_open_milestones


def test_an_applicant_waits_and_does_not_apply_twice(session):
    owner = factories.user(session, "entrepreneur")
    applicant = factories.user(session, "student")
    project = factories.project(session, owner, applicants=[applicant])
    page = _page(session, applicant, project)
    assert page.my_status == "applied"
    assert not page.can_apply and not page.can_open_milestones


def test_the_owner_manages_and_an_admin_opens_milestones(session):
    owner = factories.user(session, "entrepreneur")
    project = factories.project(session, owner)
    owners_page = _page(session, owner, project)
    assert owners_page.can_manage and not owners_page.can_apply
    admins_page = _page(session, factories.user(session, "admin"), project)
    assert admins_page.can_open_milestones


def test_a_teacher_or_employer_cannot_apply(session):
    owner = factories.user(session, "entrepreneur")
    project = factories.project(session, owner)
    for role in ("teacher", "employer"):
        assert not _page(session, factories.user(session, role), project).can_apply


def test_nobody_applies_to_a_completed_project(session):
    from quests.clock import utcnow

    owner = factories.user(session, "entrepreneur")
    project = factories.project(session, owner)
    project.completed_at = utcnow()
    assert not _page(session, factories.user(session, "student"), project).can_apply
