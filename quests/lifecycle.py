"""Quest transitions: available → accepted → submitted → approved, or returned → resubmitted.

Each transition is one function that checks who may do it; nothing else
changes an attempt's state. Functions flush; the caller commits.

A team milestone (a project quest) has one state for the whole team: every
accepted member has an attempt, and any member's accept, submission or the
review of it moves all of them together. Any member may send the team's one
submission; approving it grants the XP to every member, once each (the ledger's
unique source), and approving a project's last milestone completes the project.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quests import access, badges, projects, xp
from quests.errors import (
    AlreadyReviewed,
    InvalidTransition,
    MissingEvidence,
    MissingFeedback,
    NotAllowed,
)
from quests.models import User
from quests.notifications import Kind, notify
from quests.quest_models import (
    AttemptState,
    Decision,
    Evidence,
    EvidenceKind,
    Quest,
    QuestAttempt,
    QuestKind,
    QuestStep,
    Submission,
)
from quests.roles import Capability


@dataclass(frozen=True)
class EvidenceItem:
    """What a student hands in for one step; files are already stored by the web layer."""

    step_id: int
    kind: EvidenceKind
    text: str | None = None
    url: str | None = None
    stored_name: str | None = None
    original_name: str | None = None
    content_type: str | None = None
    size_bytes: int | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.text and self.text.strip()) and not self.url and not self.stored_name


@dataclass(frozen=True)
class ReviewResult:
    submission: Submission
    xp_granted: int


def attempt_for(session: Session, quest: Quest, student: User) -> QuestAttempt | None:
    return session.scalar(
        select(QuestAttempt).where(
            QuestAttempt.quest_id == quest.id, QuestAttempt.student_id == student.id
        )
    )


def accept(session: Session, *, actor: User, quest: Quest, now: datetime) -> QuestAttempt:
    if not access.can_take(session, actor, quest):
        raise NotAllowed()
    if attempt_for(session, quest, actor) is not None:
        raise InvalidTransition()
    # A member who joined the team later takes up the state the team is already in.
    team_state = _team_state(session, quest)
    attempt = QuestAttempt(
        quest=quest,
        student=actor,
        state=team_state or AttemptState.ACCEPTED,
        accepted_at=now,
        updated_at=now,
    )
    try:
        with session.begin_nested():
            session.add(attempt)
    except IntegrityError as error:
        raise InvalidTransition() from error
    if team_state is None:
        _move_team(session, quest, AttemptState.ACCEPTED, now)
    xp.record_activity(session, actor, now)
    return attempt


def _team_state(session: Session, quest: Quest) -> str | None:
    if quest.project_id is None:
        return None
    return session.scalar(
        select(QuestAttempt.state).where(QuestAttempt.quest_id == quest.id).limit(1)
    )


def _move_team(session: Session, quest: Quest, state: AttemptState, now: datetime) -> None:
    """Give every accepted member of a team milestone the same state (a no-op for other quests)."""
    if quest.project_id is None:
        return
    members = projects.team_member_ids(session, quest.project_id)
    session.execute(
        update(QuestAttempt)
        .where(QuestAttempt.quest_id == quest.id, QuestAttempt.student_id.in_(members))
        .values(state=state, updated_at=now)
        .execution_options(synchronize_session="fetch")
    )
    have = set(
        session.scalars(select(QuestAttempt.student_id).where(QuestAttempt.quest_id == quest.id))
    )
    for student_id in members - have:
        try:
            with session.begin_nested():
                session.add(
                    QuestAttempt(
                        quest_id=quest.id,
                        student_id=student_id,
                        state=state,
                        accepted_at=now,
                        updated_at=now,
                    )
                )
        except IntegrityError:
            pass  # made by a concurrent request: the team's state reaches it on the next move


def submit(
    session: Session,
    *,
    actor: User,
    attempt: QuestAttempt,
    items: list[EvidenceItem],
    now: datetime,
) -> Submission:
    if attempt.student_id != actor.id:
        raise NotAllowed()
    if attempt.state not in (AttemptState.ACCEPTED, AttemptState.RETURNED):
        raise InvalidTransition()
    given = {item.step_id: item for item in items if not item.is_empty}
    steps = attempt.quest.steps
    missing = [step for step in steps if step.id not in given]
    if missing or (not steps and not given):
        raise MissingEvidence()
    for item in given.values():
        step = next(s for s in steps if s.id == item.step_id)
        if item.kind != step.evidence:
            raise MissingEvidence()
    number = len(attempt.submissions) + 1
    submission = Submission(attempt=attempt, number=number, submitted_at=now)
    for item in given.values():
        submission.evidence.append(
            Evidence(
                step_id=item.step_id,
                kind=item.kind,
                text=item.text,
                url=item.url,
                stored_name=item.stored_name,
                original_name=item.original_name,
                content_type=item.content_type,
                size_bytes=item.size_bytes,
            )
        )
    session.add(submission)
    attempt.state = AttemptState.SUBMITTED
    attempt.updated_at = now
    session.flush()
    _move_team(session, attempt.quest, AttemptState.SUBMITTED, now)
    xp.record_activity(session, actor, now)
    return submission


def _decide(
    session: Session, *, actor: User, submission: Submission, decision: str, feedback: str, now
) -> None:
    attempt = submission.attempt
    # Who may act is decided before what is wrong with the input: a refused reviewer
    # must not learn anything about the submission from a validation message.
    if not access.can_review(session, actor, attempt):
        raise NotAllowed()
    if decision == Decision.RETURNED and not feedback.strip():
        raise MissingFeedback()
    # The conditional update is the lock: of two reviewers at once, one changes the row.
    changed = session.execute(
        update(Submission)
        .where(Submission.id == submission.id, Submission.decision == Decision.PENDING)
        .values(decision=decision, reviewer_id=actor.id, reviewed_at=now, feedback=feedback)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        raise AlreadyReviewed()
    new_state = AttemptState.APPROVED if decision == Decision.APPROVED else AttemptState.RETURNED
    session.execute(
        update(QuestAttempt)
        .where(QuestAttempt.id == attempt.id)
        .values(state=new_state, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    session.refresh(submission)
    session.refresh(attempt)
    notify(
        session,
        user=attempt.student,
        kind=Kind.QUEST_REVIEWED,
        params={"quest": attempt.quest.title},
        url=f"/quests/{attempt.quest_id}",
    )


def approve(
    session: Session, *, actor: User, submission: Submission, feedback: str, now: datetime
) -> ReviewResult:
    _decide(
        session,
        actor=actor,
        submission=submission,
        decision=Decision.APPROVED,
        feedback=feedback,
        now=now,
    )
    attempt = submission.attempt
    quest = attempt.quest
    learners = [attempt.student]
    if quest.project_id is not None:
        _move_team(session, quest, AttemptState.APPROVED, now)
        members = projects.team_member_ids(session, quest.project_id) - {attempt.student_id}
        learners += session.scalars(select(User).where(User.id.in_(members)).order_by(User.id))
    granted = [
        xp.grant(
            session,
            user=learner,
            amount=quest.xp,
            source=f"quest:{quest.id}:student:{learner.id}",
            reason=quest.title[:200],
        )
        for learner in learners
    ]
    if quest.project_id is not None:
        projects.complete_if_done(session, quest.project_id, now)
    # Rule badges are evaluated in the same transaction: an approval and its badges land together.
    for learner in learners:
        badges.evaluate_rules(session, learner, now)
    return ReviewResult(submission, quest.xp if granted[0] else 0)


def return_for_changes(
    session: Session, *, actor: User, submission: Submission, feedback: str, now: datetime
) -> ReviewResult:
    _decide(
        session,
        actor=actor,
        submission=submission,
        decision=Decision.RETURNED,
        feedback=feedback,
        now=now,
    )
    _move_team(session, submission.attempt.quest, AttemptState.RETURNED, now)
    return ReviewResult(submission, 0)


def create_challenge(
    session: Session,
    *,
    actor: User,
    title: str,
    description: str,
    xp_reward: int,
    steps: list[tuple[str, EvidenceKind]],
    cohort=None,
    due_date=None,
) -> Quest:
    """A challenge for one cohort, or for everyone (teachers included) when cohort is None."""
    if not actor.can(Capability.MANAGE_COHORTS):
        raise NotAllowed()
    teaches_cohort = cohort is None or cohort.is_taught_by(actor)
    if not (teaches_cohort or actor.can(Capability.ADMINISTER)):
        raise NotAllowed()
    quest = Quest(
        kind=QuestKind.CHALLENGE,
        title=title.strip(),
        description=description,
        xp=xp_reward,
        owner=actor,
        cohort=cohort,
        due_date=due_date,
    )
    for position, (step_title, kind) in enumerate(steps):
        quest.steps.append(QuestStep(position=position, title=step_title, evidence=kind))
    session.add(quest)
    session.flush()
    return quest
