"""What a page shows of quests: the board, the student's day, the review queue.

Each function runs a fixed number of queries whatever the number of quests.
"""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, selectinload

from quests import access, clock, xp
from quests.models import User
from quests.quest_models import AttemptState, Decision, Quest, QuestAttempt, QuestKind, Submission

PAGE_SIZE = 10
MAX_PAGE = 10_000  # beyond any real board; keeps OFFSET within every database's integers


class Tab(StrEnum):
    ALL = "all"
    PLAN = "plan"
    PROJECTS = "projects"
    CHALLENGES = "challenges"
    DONE = "done"


@dataclass(frozen=True)
class Card:
    quest: Quest
    state: str

    @property
    def percent(self) -> int:
        return {
            "available": 0,
            AttemptState.ACCEPTED: 33,
            AttemptState.RETURNED: 50,
            AttemptState.SUBMITTED: 75,
            AttemptState.APPROVED: 100,
        }[self.state]

    def is_overdue(self, today: date) -> bool:
        due = self.quest.due_date
        return due is not None and due < today and self.state != AttemptState.APPROVED


@dataclass(frozen=True)
class BoardPage:
    cards: list[Card]
    tab: Tab
    page: int
    has_more: bool


def _with_state(user: User):
    return (
        select(Quest, QuestAttempt.state)
        .outerjoin(
            QuestAttempt,
            and_(QuestAttempt.quest_id == Quest.id, QuestAttempt.student_id == user.id),
        )
        .where(access.visible_quests_filter(user))
    )


def quest_board(session: Session, user: User, tab: Tab, page: int) -> BoardPage:
    query = _with_state(user)
    approved = QuestAttempt.state == AttemptState.APPROVED
    if tab == Tab.DONE:
        query = query.where(approved)
    else:
        query = query.where(QuestAttempt.state.is_(None) | ~approved)
    kinds = {Tab.PLAN: QuestKind.PLAN_GOAL, Tab.PROJECTS: QuestKind.PROJECT}
    if tab in kinds:
        query = query.where(Quest.kind == kinds[tab])
    elif tab == Tab.CHALLENGES:
        query = query.where(Quest.kind == QuestKind.CHALLENGE)
    query = (
        query.order_by(Quest.due_date.is_(None), Quest.due_date, Quest.id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
    )
    rows = session.execute(query).all()
    cards = [Card(quest, state or "available") for quest, state in rows[:PAGE_SIZE]]
    return BoardPage(cards, tab, page, has_more=len(rows) > PAGE_SIZE)


@dataclass(frozen=True)
class StudentDay:
    due: list[Card]
    progress: xp.Progress
    streak: int
    feedback: list[Submission]


def student_day(session: Session, user: User, now: datetime) -> StudentDay:
    """Today's and overdue quests, XP toward the next level, the streak, recent feedback."""
    today = clock.helsinki_day(now)
    due_rows = session.execute(
        _with_state(user)
        .where(
            Quest.due_date.is_not(None),
            Quest.due_date <= today,
            QuestAttempt.state.is_(None) | (QuestAttempt.state != AttemptState.APPROVED),
        )
        .order_by(Quest.due_date, Quest.id)
        .limit(20)
    ).all()
    feedback = list(
        session.scalars(
            select(Submission)
            .join(QuestAttempt)
            .where(QuestAttempt.student_id == user.id, Submission.decision != Decision.PENDING)
            .options(selectinload(Submission.attempt).selectinload(QuestAttempt.quest))
            .order_by(Submission.reviewed_at.desc())
            .limit(3)
        )
    )
    return StudentDay(
        due=[Card(quest, state or "available") for quest, state in due_rows],
        progress=xp.progress(xp.total_xp(session, user)),
        streak=xp.current_streak(session, user, now),
        feedback=feedback,
    )


def _pending_reviews(user: User):
    return (
        select(Submission)
        .join(QuestAttempt, Submission.attempt_id == QuestAttempt.id)
        .where(Submission.decision == Decision.PENDING, access.reviewable_filter(user))
    )


def review_queue(session: Session, user: User, limit: int = 50) -> list[Submission]:
    """Submissions waiting for this reviewer, oldest first, with what the page shows."""
    return list(
        session.scalars(
            _pending_reviews(user)
            .options(
                selectinload(Submission.evidence),
                selectinload(Submission.attempt).selectinload(QuestAttempt.student),
                selectinload(Submission.attempt)
                .selectinload(QuestAttempt.quest)
                .selectinload(Quest.steps),
            )
            .order_by(Submission.submitted_at, Submission.id)
            .limit(limit)
        )
    )


REVIEW_COUNT_SHOWN = 99


def review_count(session: Session, user: User) -> int:
    """How many submissions wait, counted only up to REVIEW_COUNT_SHOWN + 1: the navigation
    shows "99+" beyond, and an administrator's count would otherwise read every pending
    submission in the hub on every page."""
    waiting = (
        _pending_reviews(user)
        .with_only_columns(Submission.id)
        .limit(REVIEW_COUNT_SHOWN + 1)
        .subquery()
    )
    return session.scalar(select(func.count()).select_from(waiting))


@dataclass(frozen=True)
class QuestPage:
    """A quest as one person sees it: their attempt, its submissions newest first (with
    evidence and reviewer), and whether they may take it."""

    quest: Quest
    attempt: QuestAttempt | None
    submissions: list[Submission]
    can_take: bool


def quest_page(session: Session, user: User, quest: Quest) -> QuestPage:
    attempt = session.scalar(
        select(QuestAttempt).where(
            QuestAttempt.quest_id == quest.id, QuestAttempt.student_id == user.id
        )
    )
    submissions = []
    if attempt is not None:
        submissions = list(
            session.scalars(
                select(Submission)
                .where(Submission.attempt_id == attempt.id)
                .options(selectinload(Submission.evidence), selectinload(Submission.reviewer))
                .order_by(Submission.number.desc())
            )
        )
    return QuestPage(quest, attempt, submissions, access.can_take(session, user, quest))
