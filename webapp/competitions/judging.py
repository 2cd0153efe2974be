"""Judging: seating judges, their conflicts, assignments, scores, winners and publishing.

Each function takes the session and the acting person, checks permission,
changes state and flushes; the caller commits.
"""

import hashlib
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, delete, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, selectinload

from quests import accounts
from quests.errors import N_, Conflict, InvalidInput, NotAllowed, NotFound
from quests.models import User
from quests.notifications import Kind, notify
from quests.roles import Capability, Role
from webapp.competitions.errors import BlindConflicts, InvalidScore, JudgingClosed, NotAssigned
from webapp.competitions.models import (
    Assignment,
    Competition,
    Entry,
    Judge,
    Prize,
    Score,
    VideoState,
)
from webapp.competitions.models import Conflict as ConflictRow
from webapp.competitions.services import (
    assigned_judge,
    judge_seat,
    judging_open,
    require_organiser,
)

# --- judges ------------------------------------------------------------------


@dataclass
class SeatOffer:
    """A judge seat offered to an address; the tokens go into the mail, once."""

    judge: Judge
    seat_token: str
    # An employer invite for an address without an account: it creates the account first.
    account_token: str | None
    # The address belongs to a student: the organiser is told, the seat cannot be taken.
    belongs_to_student: bool


def _seat_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_judge(
    session: Session, admin: User, competition: Competition, email: str, now: datetime
) -> SeatOffer:
    """Offer a seat to an address. It goes to a person only when they accept the mailed link.

    An account that merely has the address gets nothing: anyone may type any address
    when signing up with a class code.
    """
    require_organiser(admin)
    email = accounts.normalize_email(email)
    person = accounts.get_user_by_email(session, email)
    seat_token = secrets.token_urlsafe(32)
    judge = Judge(competition_id=competition.id, email=email, token_hash=_seat_hash(seat_token))
    try:
        with session.begin_nested():
            session.add(judge)
    except IntegrityError as error:
        raise Conflict(
            N_("That person is already a judge in this competition."), field="email"
        ) from error
    account_token = None
    if person is None:
        _, account_token = accounts.create_invite(
            session, admin=admin, email=email, roles=[Role.EMPLOYER], now=now
        )
    student = person is not None and person.has_role(Role.STUDENT)
    return SeatOffer(judge, seat_token, account_token, student)


def seat_by_token(session: Session, token: str) -> Judge:
    judge = session.scalar(select(Judge).where(Judge.token_hash == _seat_hash(token)))
    if judge is None:
        raise NotFound(N_("This judge invite is not valid or has already been used."))
    return judge


def accept_seat(session: Session, user: User, token: str, now: datetime) -> Judge:
    """The invited person takes the seat: the link reached their address, and they may judge."""
    judge = seat_by_token(session, token)
    if accounts.normalize_email(user.email) != judge.email:
        raise NotAllowed(N_("This invite was sent to another email address."))
    if not user.can(Capability.JUDGE):
        raise NotAllowed(
            N_("Judging needs an employer's account. Ask the organiser to invite you as one.")
        )
    judge.user_id = user.id
    judge.token_hash = None
    if user.email_verified_at is None:
        user.email_verified_at = now
    session.flush()
    return judge


def judges_with_progress(session: Session, admin: User, competition: Competition) -> list:
    """(judge, assigned, fully scored) for the management page, in one query."""
    require_organiser(admin)
    n_criteria = len(competition.criteria)
    per_assignment = (
        select(Assignment.judge_id, func.count(Score.id).label("n"))
        .outerjoin(Score, Score.assignment_id == Assignment.id)
        .group_by(Assignment.id, Assignment.judge_id)
        .subquery()
    )
    totals = (
        select(
            per_assignment.c.judge_id,
            func.count().label("assigned"),
            func.sum(case((per_assignment.c.n >= n_criteria, 1), else_=0)).label("done"),
        )
        .group_by(per_assignment.c.judge_id)
        .subquery()
    )
    rows = session.execute(
        select(Judge, totals.c.assigned, totals.c.done)
        .outerjoin(totals, totals.c.judge_id == Judge.id)
        .options(joinedload(Judge.user))
        .where(Judge.competition_id == competition.id)
        .order_by(Judge.email)
    )
    return [(judge, int(assigned or 0), int(done or 0)) for judge, assigned, done in rows]


def entrants_for_conflicts(session: Session, competition: Competition) -> list[tuple[int, str]]:
    """(student's id, name) in name order, for named judging only.

    In blind judging no list of names is shown: removing a named entrant's entry from
    the queue would tell the judge which entry is whose. There a judge reports a
    conflict on the entry itself (see report_conflict).
    """
    if competition.blind:
        return []
    return [
        (student_id, name)
        for student_id, name in session.execute(
            select(Entry.student_id, User.name)
            .join(User, User.id == Entry.student_id)
            .where(Entry.competition_id == competition.id)
            .order_by(User.name)
        )
    ]


def declared_conflicts(session: Session, judge: Judge) -> set[int]:
    """The students (ids) whose entries this judge declared a conflict with."""
    return set(
        session.scalars(
            select(Entry.student_id)
            .join(ConflictRow, ConflictRow.entry_id == Entry.id)
            .where(ConflictRow.judge_id == judge.id)
        )
    )


def declare_conflicts(
    session: Session, user: User, competition: Competition, student_ids: set[int], now
) -> Judge:
    """A judge's conflicts (with these students' entries) replace the earlier ones;
    conflicted assignments are removed."""
    judge = judge_seat(session, user, competition.id)
    if judge is None:
        raise NotAllowed()
    if competition.blind:
        raise BlindConflicts()
    valid = set(
        session.scalars(
            select(Entry.id).where(
                Entry.competition_id == competition.id, Entry.student_id.in_(student_ids)
            )
        )
    )
    session.execute(delete(ConflictRow).where(ConflictRow.judge_id == judge.id))
    for entry_id in sorted(valid):
        session.add(ConflictRow(judge_id=judge.id, entry_id=entry_id))
    if valid:
        session.execute(
            delete(Assignment).where(
                Assignment.judge_id == judge.id, Assignment.entry_id.in_(valid)
            )
        )
    judge.conflicts_declared_at = now
    session.flush()
    return judge


def report_conflict(session: Session, user: User, entry: Entry, now: datetime) -> Judge:
    """ "I recognise this person": the entry leaves the judge's queue and is never theirs again.

    Nothing is named: the judge only reports what they already saw.
    """
    judge = assigned_judge(session, user, entry)
    if judge is None:
        raise NotAssigned()
    session.add(ConflictRow(judge_id=judge.id, entry_id=entry.id))
    session.execute(
        delete(Assignment).where(Assignment.judge_id == judge.id, Assignment.entry_id == entry.id)
    )
    judge.conflicts_declared_at = now
    session.flush()
    return judge


def assign(session: Session, admin: User, competition: Competition, *, url: str) -> int:
    """Give judges their entries: all of them, or N each balanced by load; never a conflict.

    Running it again keeps what exists and adds what is missing; each judge with
    new entries is notified once.
    """
    require_organiser(admin)
    judges = list(
        session.scalars(
            select(Judge)
            .options(joinedload(Judge.user))
            .where(Judge.competition_id == competition.id, Judge.user_id.is_not(None))
            .order_by(Judge.id)
        )
    )
    entries = list(
        session.scalars(
            select(Entry).where(Entry.competition_id == competition.id).order_by(Entry.id)
        )
    )
    judge_ids = [j.id for j in judges]
    conflicts = set(
        session.execute(
            select(ConflictRow.judge_id, ConflictRow.entry_id).where(
                ConflictRow.judge_id.in_(judge_ids)
            )
        )
    )
    existing = set(
        session.execute(
            select(Assignment.judge_id, Assignment.entry_id).where(
                Assignment.judge_id.in_(judge_ids)
            )
        )
    )
    load = Counter(judge_id for judge_id, _ in existing)
    wanted = competition.judges_per_entry
    new_for = Counter()
    person_of = {j.id: j.user_id for j in judges}
    for entry in entries:
        # Never a conflict, and never a judge's own entry.
        free = [
            j
            for j in judge_ids
            if (j, entry.id) not in conflicts and person_of[j] != entry.student_id
        ]
        have = [j for j in free if (j, entry.id) in existing]
        if wanted is None:
            chosen = [j for j in free if (j, entry.id) not in existing]
        else:
            candidates = sorted(
                (j for j in free if (j, entry.id) not in existing), key=lambda j: (load[j], j)
            )
            chosen = candidates[: max(0, wanted - len(have))]
        for judge_id in chosen:
            session.add(Assignment(entry_id=entry.id, judge_id=judge_id))
            load[judge_id] += 1
            new_for[judge_id] += 1
    for judge in judges:
        if new_for[judge.id]:
            notify(
                session,
                user=judge.user,
                kind=Kind.JUDGING_ASSIGNED,
                params={"competition": competition.title, "count": new_for[judge.id]},
                url=url,
            )
    session.flush()
    return sum(new_for.values())


# --- judging -----------------------------------------------------------------


@dataclass
class QueueItem:
    assignment: Assignment
    entry: Entry
    judged: bool
    # "Entry 3": the opaque label this judge knows the entry by.
    number: int


def judging_queue(session: Session, user: User, competition: Competition) -> list[QueueItem]:
    """A judge's entries in a stable order, with whether each is fully scored. Two queries."""
    judge = judge_seat(session, user, competition.id)
    if judge is None:
        raise NotAllowed()
    rows = session.scalars(
        select(Assignment)
        .options(joinedload(Assignment.entry), selectinload(Assignment.scores))
        .where(Assignment.judge_id == judge.id)
    )
    n = len(competition.criteria)
    # Each judge has an order of their own that says nothing of when (or by whom) an entry
    # was sent, and stays the same from visit to visit.
    ordered = sorted(rows, key=lambda a: _shuffle_key(judge.id, a.entry_id))
    return [QueueItem(a, a.entry, len(a.scores) >= n, i) for i, a in enumerate(ordered, 1)]


def _shuffle_key(judge_id: int, entry_id: int) -> bytes:
    return hashlib.sha256(f"{judge_id}:{entry_id}".encode()).digest()


def assignment_for(session: Session, user: User, entry: Entry) -> Assignment:
    judge = assigned_judge(session, user, entry)
    if judge is None:
        raise NotAssigned()
    return session.scalar(
        select(Assignment)
        .options(selectinload(Assignment.scores))
        .where(Assignment.entry_id == entry.id, Assignment.judge_id == judge.id)
    )


def _upsert_score(session: Session, assignment_id: int, criterion_id: int, value: int):
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(Score).values(
        assignment_id=assignment_id, criterion_id=criterion_id, value=value
    )
    return statement.on_conflict_do_update(
        index_elements=[Score.assignment_id, Score.criterion_id], set_={"value": value}
    )


def save_scores(
    session: Session,
    user: User,
    entry: Entry,
    *,
    scores: dict[int, int | None],
    comment: str | None,
    now: datetime,
) -> Assignment:
    """Save the scores given (others stay as they were); None clears a score."""
    assignment = assignment_for(session, user, entry)
    competition = entry.competition
    if not judging_open(competition, now):
        raise JudgingClosed()
    criteria = {c.id: c for c in competition.criteria}
    for criterion_id, value in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise InvalidScore()
        if value is not None and not 0 <= value <= criterion.max_score:
            raise InvalidScore(field=f"criterion_{criterion_id}")
    # One statement per score that inserts or updates: two first saves at once (a phone
    # sends each tap) both land instead of one failing on the unique constraint.
    for criterion_id, value in scores.items():
        if value is None:
            session.execute(
                delete(Score).where(
                    Score.assignment_id == assignment.id, Score.criterion_id == criterion_id
                )
            )
        else:
            session.execute(_upsert_score(session, assignment.id, criterion_id, value))
    session.expire(assignment, ["scores"])
    if comment is not None:
        assignment.comment = comment.strip()
    assignment.updated_at = now
    session.flush()
    return assignment


# --- winners and publishing --------------------------------------------------


def choose_winners(
    session: Session, admin: User, competition: Competition, winners: dict[int, int | None]
) -> None:
    require_organiser(admin)
    if competition.published_at is not None:
        raise Conflict(N_("The results have already been published."))
    entry_ids = set(
        session.scalars(
            select(Entry.id).where(
                Entry.competition_id == competition.id, Entry.video_state == VideoState.READY
            )
        )
    )
    for prize in competition.prizes:
        if prize.id not in winners:
            continue
        chosen = winners[prize.id]
        if chosen is not None and chosen not in entry_ids:
            raise InvalidInput(N_("Choose a winner among this competition's entries."))
        prize.winner_entry_id = chosen
    session.flush()


def publish(session: Session, admin: User, competition: Competition, now, *, url: str) -> int:
    """Publish the results and tell every entrant; returns how many were told."""
    require_organiser(admin)
    if competition.published_at is not None:
        raise Conflict(N_("The results have already been published."))
    if not any(prize.winner_entry_id for prize in competition.prizes):
        raise InvalidInput(N_("Choose at least one winner before publishing."))
    competition.published_at = now
    students = session.scalars(
        select(User)
        .join(Entry, Entry.student_id == User.id)
        .where(Entry.competition_id == competition.id)
    )
    told = 0
    for student in students:
        notify(
            session,
            user=student,
            kind=Kind.RESULTS_PUBLISHED,
            params={"competition": competition.title},
            url=url,
        )
        told += 1
    session.flush()
    return told


def winners_of(session: Session, competition: Competition) -> list[tuple[Prize, Entry | None]]:
    entries = {}
    ids = [p.winner_entry_id for p in competition.prizes if p.winner_entry_id]
    if ids:
        entries = {
            e.id: e
            for e in session.scalars(
                select(Entry).options(joinedload(Entry.student)).where(Entry.id.in_(ids))
            )
        }
    return [(prize, entries.get(prize.winner_entry_id)) for prize in competition.prizes]
