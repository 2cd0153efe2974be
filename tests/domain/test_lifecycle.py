from datetime import UTC, datetime

import pytest

from quests import lifecycle, xp
from quests.errors import (
    AlreadyReviewed,
    InvalidTransition,
    MissingEvidence,
    MissingFeedback,
    NotAllowed,
)
from quests.lifecycle import EvidenceItem
from quests.quest_models import AttemptState
from tests import factories

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture
def hub(session):
    teacher = factories.user(session, "teacher")
    student = factories.user(session, "student")
    cohort = factories.cohort(session, teacher=teacher, students=[student])
    return teacher, student, cohort


def test_the_whole_way_from_accept_to_approve(session, hub):
    teacher, student, _ = hub
    quest = factories.goal(session, teacher, student, xp=80)
    attempt = lifecycle.accept(session, actor=student, quest=quest, now=NOW)
    assert attempt.state == AttemptState.ACCEPTED
    items = [EvidenceItem(step_id=quest.steps[0].id, kind="text", text="Asensin työaseman.")]
    submission = lifecycle.submit(session, actor=student, attempt=attempt, items=items, now=NOW)
    assert attempt.state == AttemptState.SUBMITTED
    result = lifecycle.approve(
        session, actor=teacher, submission=submission, feedback="Hyvä!", now=NOW
    )
    assert result.xp_granted == 80 and attempt.state == AttemptState.APPROVED
    assert xp.total_xp(session, student) == 80
    assert xp.current_streak(session, student, NOW) == 1


def test_returned_work_is_resubmitted_and_xp_comes_once(session, hub):
    teacher, student, _ = hub
    quest = factories.goal(session, teacher, student, xp=40)
    first = factories.submitted(session, quest, student)
    with pytest.raises(MissingFeedback):
        lifecycle.return_for_changes(
            session, actor=teacher, submission=first, feedback=" ", now=NOW
        )
    lifecycle.return_for_changes(
        session, actor=teacher, submission=first, feedback="Lisää kuva.", now=NOW
    )
    attempt = first.attempt
    assert attempt.state == AttemptState.RETURNED
    items = [EvidenceItem(step_id=quest.steps[0].id, kind="text", text="Nyt kuvan kanssa.")]
    second = lifecycle.submit(session, actor=student, attempt=attempt, items=items, now=NOW)
    assert second.number == 2
    lifecycle.approve(session, actor=teacher, submission=second, feedback="", now=NOW)
    with pytest.raises(AlreadyReviewed):
        lifecycle.approve(session, actor=teacher, submission=second, feedback="", now=NOW)
    assert xp.total_xp(session, student) == 40


def test_only_the_student_takes_their_goal(session, hub):
    teacher, student, _ = hub
    quest = factories.goal(session, teacher, student)
    other = factories.user(session, "student")
    with pytest.raises(NotAllowed):
        lifecycle.accept(session, actor=other, quest=quest, now=NOW)
    lifecycle.accept(session, actor=student, quest=quest, now=NOW)
    with pytest.raises(InvalidTransition):
        lifecycle.accept(session, actor=student, quest=quest, now=NOW)


def test_submitting_needs_evidence_for_every_step_of_the_right_kind(session, hub):
    teacher, student, _ = hub
    quest = factories.goal(session, teacher, student, steps=[("Kuva", "photo"), ("Kerro", "text")])
    attempt = lifecycle.accept(session, actor=student, quest=quest, now=NOW)
    photo, text = quest.steps
    for items in (
        [],
        [EvidenceItem(step_id=text.id, kind="text", text="Vain teksti")],
        [
            EvidenceItem(step_id=photo.id, kind="text", text="ei kuva"),
            EvidenceItem(step_id=text.id, kind="text", text="x"),
        ],
        [
            EvidenceItem(step_id=photo.id, kind="photo", stored_name="a.jpg"),
            EvidenceItem(step_id=text.id, kind="text", text="   "),
        ],
    ):
        with pytest.raises(MissingEvidence):
            lifecycle.submit(session, actor=student, attempt=attempt, items=items, now=NOW)
    assert attempt.state == AttemptState.ACCEPTED and attempt.submissions == []


def test_a_student_cannot_approve_their_own_work_even_as_a_teacher(session, hub):
    teacher, _, cohort = hub
    both = factories.user(session, "student", "teacher")
    cohort.memberships.append(factories.CohortMembership(user=both, kind="student"))
    session.flush()
    quest = factories.goal(session, teacher, both)
    submission = factories.submitted(session, quest, both)
    with pytest.raises(NotAllowed):
        lifecycle.approve(session, actor=both, submission=submission, feedback="", now=NOW)


def test_reviewers_are_the_students_teachers_the_owner_and_admins(session, hub):
    teacher, student, _ = hub
    quest = factories.goal(session, teacher, student)
    submission = factories.submitted(session, quest, student)
    stranger = factories.user(session, "teacher")
    factories.cohort(session, teacher=stranger)
    employer = factories.user(session, "employer")
    for outsider in (stranger, employer):
        with pytest.raises(NotAllowed):
            lifecycle.approve(session, actor=outsider, submission=submission, feedback="", now=NOW)
    admin = factories.user(session, "admin")
    lifecycle.approve(session, actor=admin, submission=submission, feedback="", now=NOW)


def test_challenges_for_a_cohort_or_for_everyone(session, hub):
    teacher, student, cohort = hub
    outsider = factories.user(session, "student")
    for_cohort = lifecycle.create_challenge(
        session,
        actor=teacher,
        title="Pitch",
        description="",
        xp_reward=30,
        steps=[("Linkki videoon", "link")],
        cohort=cohort,
    )
    for_all = lifecycle.create_challenge(
        session,
        actor=teacher,
        title="Opettajien haaste",
        description="",
        xp_reward=30,
        steps=[("Kerro", "text")],
    )
    with pytest.raises(NotAllowed):
        lifecycle.accept(session, actor=outsider, quest=for_cohort, now=NOW)
    lifecycle.accept(session, actor=student, quest=for_cohort, now=NOW)
    lifecycle.accept(session, actor=teacher, quest=for_all, now=NOW)
    with pytest.raises(NotAllowed):
        lifecycle.create_challenge(
            session, actor=student, title="x", description="", xp_reward=1, steps=[]
        )
    other_teacher = factories.user(session, "teacher")
    with pytest.raises(NotAllowed):
        lifecycle.create_challenge(
            session,
            actor=other_teacher,
            title="x",
            description="",
            xp_reward=1,
            steps=[],
            cohort=cohort,
        )
