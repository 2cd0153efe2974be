"""Badges: who may award, revoke and decide; each award exactly once; applications."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from quests import badge_applications, badges, lifecycle
from quests.badge_models import BadgeAward
from quests.errors import (
    AlreadyApplied,
    AlreadyAwarded,
    ApplicationsClosed,
    InvalidInput,
    InvalidTransition,
    NotAllowed,
    ReasonRequired,
)
from quests.notification_models import Notification
from tests import factories

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
IMAGE = ("merkki.png", "image/png")


@pytest.fixture
def school(session):
    teacher, student = factories.user(session, "teacher"), factories.user(session, "student")
    other_teacher = factories.user(session, "teacher")
    factories.cohort(session, teacher=teacher, students=[student])
    badge = factories.badge_class(session, teacher, name="Asiakaspalvelija", image=IMAGE)
    return teacher, student, other_teacher, badge


def _award(session, actor, badge, *students):
    return badges.award_by_hand(
        session,
        actor=actor,
        badge=badge,
        students=list(students),
        quest_ids=[],
        narrative="Hyvin tehty",
        now=NOW,
    )


def _awards(session, student) -> int:
    return session.scalar(select(func.count()).where(BadgeAward.recipient_id == student.id))


def test_a_badge_is_awarded_by_hand_once_and_the_student_is_told_once(session, school):
    teacher, student, _, badge = school
    first = _award(session, teacher, badge, student)
    second = _award(session, teacher, badge, student)
    assert first.awarded == [student] and first.already == []
    assert second.awarded == [] and second.already == [student]
    assert _awards(session, student) == 1
    notes = session.scalars(select(Notification).where(Notification.user_id == student.id))
    assert [note.kind for note in notes] == ["badge_awarded"]


def test_only_the_students_teachers_and_admins_award(session, school):
    teacher, student, other_teacher, badge = school
    for stranger in (other_teacher, factories.user(session, "student"), student):
        with pytest.raises(NotAllowed):
            _award(session, stranger, badge, student)
    with pytest.raises(NotAllowed):
        _award(session, teacher, badge)  # no one to award
    assert _awards(session, student) == 0
    assert _award(session, factories.user(session, "admin"), badge, student).awarded == [student]


def test_who_may_see_and_revoke_an_award(session, school):
    teacher, student, other_teacher, badge = school
    _award(session, teacher, badge, student)
    award = session.scalar(select(BadgeAward).where(BadgeAward.recipient_id == student.id))
    other_student = factories.user(session, "student")
    assert badges.can_view_award(session, student, award)
    assert badges.can_view_award(session, teacher, award)
    assert not badges.can_view_award(session, other_student, award)
    assert not badges.can_view_award(session, other_teacher, award)
    for stranger in (student, other_teacher):
        with pytest.raises(NotAllowed):
            badges.revoke(session, actor=stranger, award=award, reason="Virhe", now=NOW)
    with pytest.raises(ReasonRequired):
        badges.revoke(session, actor=teacher, award=award, reason="  ", now=NOW)
    assert award.revoked_at is None
    badges.revoke(session, actor=teacher, award=award, reason="Väärä henkilö", now=NOW)
    assert award.revoked_at == NOW and award.revocation_reason == "Väärä henkilö"
    with pytest.raises(InvalidTransition):
        badges.revoke(session, actor=teacher, award=award, reason="Taas", now=NOW)


def test_a_revoked_badge_may_be_awarded_again_by_hand(session, school):
    teacher, student, _, badge = school
    _award(session, teacher, badge, student)
    award = session.scalar(select(BadgeAward).where(BadgeAward.recipient_id == student.id))
    badges.revoke(session, actor=teacher, award=award, reason="Virhe", now=NOW)
    assert _award(session, teacher, badge, student).awarded == [student]
    assert _awards(session, student) == 2


def test_only_the_recipient_sets_the_privacy_of_an_award(session, school):
    teacher, student, _, badge = school
    _award(session, teacher, badge, student)
    award = session.scalar(select(BadgeAward).where(BadgeAward.recipient_id == student.id))
    with pytest.raises(NotAllowed):
        badges.set_privacy(award, actor=teacher, hidden=True, show_name=False)
    badges.set_privacy(award, actor=student, hidden=True, show_name=False)
    assert award.hidden and not award.show_name


def test_a_rule_badge_comes_once_with_the_approval_and_not_back_after_revocation(session, school):
    teacher, student, _, _ = school
    rule_badge = factories.badge_class(
        session, teacher, name="Ensimmäinen", image=IMAGE, rules=[("quests_approved", {})]
    )
    for _ in range(2):
        submission = factories.submitted(
            session, factories.goal(session, teacher, student), student
        )
        lifecycle.approve(session, actor=teacher, submission=submission, feedback="", now=NOW)
    assert _awards(session, student) == 1
    award = session.scalar(select(BadgeAward).where(BadgeAward.badge_id == rule_badge.id))
    assert award.awarded_by_id is None
    badges.revoke(session, actor=teacher, award=award, reason="Ei ansaittu", now=NOW)
    assert badges.evaluate_rules(session, student, NOW) == []
    assert _awards(session, student) == 1


def test_an_unknown_rule_and_a_student_as_creator_are_refused(session, school):
    teacher, student, _, _ = school
    with pytest.raises(InvalidInput):
        factories.badge_class(session, teacher, image=IMAGE, rules=[("gossip", {})])
    with pytest.raises(NotAllowed):
        factories.badge_class(session, student, image=IMAGE)


def _apply(session, student, badge, text="Ansaitsin sen.", quest_ids=()):
    return badge_applications.apply(
        session,
        student=student,
        badge=badge,
        text=text,
        quest_ids=list(quest_ids),
        file=None,
        now=NOW,
    )


def test_applying_needs_an_open_badge_a_reason_and_no_pending_or_held_one(session, school):
    teacher, student, _, badge = school
    closed = factories.badge_class(session, teacher, image=IMAGE, open_for_applications=False)
    with pytest.raises(ApplicationsClosed):
        _apply(session, student, closed)
    with pytest.raises(InvalidInput):
        _apply(session, student, badge, text="  ")
    _apply(session, student, badge)
    with pytest.raises(AlreadyApplied):
        _apply(session, student, badge)
    held = factories.badge_class(session, teacher, image=IMAGE)
    _award(session, teacher, held, student)
    with pytest.raises(AlreadyAwarded):
        _apply(session, student, held)


def test_an_application_names_only_the_students_own_approved_quests(session, school):
    teacher, student, _, badge = school
    other = factories.user(session, "student")
    factories.cohort(session, teacher=teacher, students=[other])
    own = factories.goal(session, teacher, student)
    theirs = factories.goal(session, teacher, other)
    for quest, learner in ((own, student), (theirs, other)):
        submission = factories.submitted(session, quest, learner)
        lifecycle.approve(session, actor=teacher, submission=submission, feedback="", now=NOW)
    application = _apply(session, student, badge, quest_ids=[own.id, theirs.id])
    assert application.quest_ids == [own.id]


def test_the_students_teacher_decides_once_and_a_decline_needs_a_reason(session, school):
    teacher, student, other_teacher, badge = school
    application = _apply(session, student, badge)
    decide = badge_applications.decide
    for stranger in (other_teacher, student):
        with pytest.raises(NotAllowed):
            decide(
                session, actor=stranger, application=application, accept=True, reason="", now=NOW
            )
    with pytest.raises(ReasonRequired):
        decide(session, actor=teacher, application=application, accept=False, reason="", now=NOW)
    award = decide(session, actor=teacher, application=application, accept=True, reason="", now=NOW)
    assert award.recipient_id == student.id and application.status == "accepted"
    with pytest.raises(InvalidTransition):
        decide(session, actor=teacher, application=application, accept=False, reason="x", now=NOW)
    assert _awards(session, student) == 1


def test_a_teacher_never_decides_their_own_application(session, school):
    teacher, _, _, badge = school
    application = _apply(session, teacher, badge)
    assert not badge_applications.can_decide(session, teacher, application)
    assert badge_applications.pending_applications(session, teacher) == []
