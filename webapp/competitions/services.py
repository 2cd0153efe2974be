"""The competition's rules: who may see, enter and judge what, and when.

Each function takes the session and the acting person, checks permission,
changes state and flushes; the caller commits.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from quests.errors import N_, Conflict, InvalidInput, NotAllowed, NotFound
from quests.models import CohortMembership, MembershipKind, User
from quests.roles import Capability, Role
from webapp.competitions.errors import WindowClosed
from webapp.competitions.models import (
    Assignment,
    Competition,
    CompetitionCohort,
    Criterion,
    Entry,
    Judge,
    Prize,
    VideoState,
)
from webapp.competitions.models import Conflict as ConflictRow


def is_organiser(user: User) -> bool:
    return user.can(Capability.ADMINISTER)


def require_organiser(user: User) -> None:
    if not is_organiser(user):
        raise NotAllowed()


def new_video_key() -> str:
    return secrets.token_urlsafe(18)


# --- seeing a competition ----------------------------------------------------


def may_enter(session: Session, user: User, competition: Competition) -> bool:
    if not user.has_role(Role.STUDENT):
        return False
    if competition.open_to_all:
        return True
    cohort_ids = [c.id for c in competition.cohorts]
    return (
        session.scalar(
            select(func.count())
            .select_from(CohortMembership)
            .where(
                CohortMembership.user_id == user.id,
                CohortMembership.kind == MembershipKind.STUDENT,
                CohortMembership.cohort_id.in_(cohort_ids),
            )
        )
        > 0
    )


def judge_seat(session: Session, user: User, competition_id: int) -> Judge | None:
    """The person's accepted seat, only while they hold the capability to judge."""
    if not user.can(Capability.JUDGE):
        return None
    return session.scalar(
        select(Judge).where(Judge.competition_id == competition_id, Judge.user_id == user.id)
    )


def get_competition(session: Session, user: User, competition_id: int) -> Competition:
    competition = session.get(Competition, competition_id)
    if competition is None:
        raise NotFound()
    if not (
        is_organiser(user)
        or judge_seat(session, user, competition_id) is not None
        or may_enter(session, user, competition)
    ):
        raise NotAllowed()
    return competition


def _eligible_filter(user: User):
    in_cohort = select(CompetitionCohort.competition_id).join(
        CohortMembership, CohortMembership.cohort_id == CompetitionCohort.cohort_id
    )
    in_cohort = in_cohort.where(
        CohortMembership.user_id == user.id, CohortMembership.kind == MembershipKind.STUDENT
    )
    return Competition.open_to_all.is_(True) | Competition.id.in_(in_cohort)


@dataclass
class Listing:
    entering: list  # (competition, own entry or None)
    judging: list  # (competition, judge seat)


def competitions_for(session: Session, user: User) -> Listing:
    """What the list page shows a person: competitions to enter and to judge. Two queries."""
    entering = []
    if user.has_role(Role.STUDENT):
        rows = session.execute(
            select(Competition, Entry)
            .outerjoin(
                Entry, (Entry.competition_id == Competition.id) & (Entry.student_id == user.id)
            )
            .where(_eligible_filter(user))
            .order_by(Competition.submission_closes_at.desc())
        )
        entering = list(rows)
    judging = list(
        session.execute(
            select(Competition, Judge)
            .join(Judge, Judge.competition_id == Competition.id)
            .where(Judge.user_id == user.id)
            .order_by(Competition.judging_closes_at.desc())
        )
    )
    return Listing(entering=entering, judging=judging)


def management_summary(session: Session, admin: User) -> list[tuple[Competition, dict]]:
    """Every competition with its entries counted per video state, in one query."""
    require_organiser(admin)
    counts = (
        select(
            Entry.competition_id,
            func.count().label("total"),
            *(
                func.sum(case((Entry.video_state == state, 1), else_=0)).label(state)
                for state in ("none", "processing", "ready", "failed")
            ),
        )
        .group_by(Entry.competition_id)
        .subquery()
    )
    rows = session.execute(
        select(Competition, counts)
        .outerjoin(counts, counts.c.competition_id == Competition.id)
        .order_by(Competition.submission_closes_at.desc())
    )
    result = []
    for row in rows:
        keys = ("total", "none", "processing", "ready", "failed")
        result.append((row[0], {key: int(getattr(row, key) or 0) for key in keys}))
    return result


@dataclass
class CriterionInput:
    name: str
    description: str
    weight: int
    max_score: int


def create_competition(
    session: Session,
    admin: User,
    *,
    title: str,
    description: str,
    rules: str,
    windows: tuple[datetime, datetime, datetime, datetime],
    criteria: list[CriterionInput],
    prizes: list[tuple[str, str]],
    blind: bool = True,
    max_duration_seconds: int = 180,
    max_size_mb: int = 500,
    judges_per_entry: int | None = None,
    cohort_ids: list[int] = (),
) -> Competition:
    require_organiser(admin)
    opens, closes, judging_opens, judging_closes = windows
    if not opens < closes:
        raise InvalidInput(N_("The submission window must close after it opens."))
    if not (judging_opens < judging_closes and closes <= judging_closes):
        raise InvalidInput(N_("Judging must close after it opens and after submissions close."))
    if not criteria:
        raise InvalidInput(N_("Give the rubric at least one criterion."))
    competition = Competition(
        title=title.strip(),
        description=description.strip(),
        rules=rules.strip(),
        submission_opens_at=opens,
        submission_closes_at=closes,
        judging_opens_at=judging_opens,
        judging_closes_at=judging_closes,
        blind=blind,
        max_duration_seconds=max_duration_seconds,
        max_size_mb=max_size_mb,
        judges_per_entry=judges_per_entry,
        open_to_all=not cohort_ids,
        created_by_id=admin.id,
    )
    for position, item in enumerate(criteria):
        competition.criteria.append(
            Criterion(
                position=position,
                name=item.name.strip(),
                description=item.description.strip(),
                weight=item.weight,
                max_score=item.max_score,
            )
        )
    for position, (prize_title, sponsor) in enumerate(prizes):
        competition.prizes.append(Prize(position=position, title=prize_title, sponsor=sponsor))
    session.add(competition)
    session.flush()
    for cohort_id in cohort_ids:
        session.add(CompetitionCohort(competition_id=competition.id, cohort_id=cohort_id))
    session.flush()
    return competition


# --- entries -----------------------------------------------------------------


def submissions_open(competition: Competition, now: datetime) -> bool:
    return competition.submission_opens_at <= now < competition.submission_closes_at


def judging_open(competition: Competition, now: datetime) -> bool:
    return competition.judging_opens_at <= now < competition.judging_closes_at


def own_entry(session: Session, user: User, competition_id: int) -> Entry | None:
    return session.scalar(
        select(Entry).where(Entry.competition_id == competition_id, Entry.student_id == user.id)
    )


def check_can_enter(session: Session, student: User, competition: Competition, now) -> None:
    """Before a byte of video is read: may this student enter now?"""
    if not may_enter(session, student, competition):
        raise NotAllowed()
    if not submissions_open(competition, now):
        raise WindowClosed()
    if own_entry(session, student, competition.id) is not None:
        raise Conflict(N_("You have already entered this competition."))


def enter(
    session: Session,
    student: User,
    competition: Competition,
    *,
    title: str,
    pitch: str,
    under_18: bool,
    guardian_consent: bool,
    video_key: str,
    duration_seconds: int,
    now: datetime,
) -> Entry:
    check_can_enter(session, student, competition, now)
    if under_18 and not guardian_consent:
        raise InvalidInput(
            N_("A student under 18 needs a guardian's consent to enter."), field="guardian_consent"
        )
    entry = Entry(
        competition_id=competition.id,
        student_id=student.id,
        title=title.strip(),
        pitch=pitch.strip(),
        consent_at=now,
        under_18=under_18,
        guardian_consent_at=now if under_18 else None,
        video_state=VideoState.PROCESSING,
        video_key=video_key,
        video_queued_at=now,
        duration_seconds=duration_seconds,
    )
    try:
        with session.begin_nested():
            session.add(entry)
    except IntegrityError as error:
        raise Conflict(N_("You have already entered this competition.")) from error
    return entry


def get_entry(session: Session, entry_id: int) -> Entry:
    entry = session.get(Entry, entry_id, options=[joinedload(Entry.competition)])
    if entry is None:
        raise NotFound()
    return entry


def assigned_judge(session: Session, user: User, entry: Entry) -> Judge | None:
    """The person's judge seat if this entry is assigned to them and they have no conflict.

    Never for their own entry, nor without the capability to judge.
    """
    if not user.can(Capability.JUDGE) or entry.student_id == user.id:
        return None
    return session.scalar(
        select(Judge)
        .join(Assignment, Assignment.judge_id == Judge.id)
        .outerjoin(
            ConflictRow,
            (ConflictRow.judge_id == Judge.id) & (ConflictRow.entry_id == entry.id),
        )
        .where(
            Assignment.entry_id == entry.id,
            Judge.user_id == user.id,
            ConflictRow.entry_id.is_(None),
        )
    )


def can_manage_entry(user: User, entry: Entry) -> bool:
    """The entry's own page (state, captions, replace, withdraw): the entrant and organisers."""
    return entry.student_id == user.id or is_organiser(user)


def can_watch(session: Session, user: User, entry: Entry) -> bool:
    """Video CVs are for the student, the organisers and the judges assigned to them."""
    if can_manage_entry(user, entry):
        return True
    return assigned_judge(session, user, entry) is not None


def entry_to_watch(session: Session, user: User, entry_id: int) -> Entry:
    entry = get_entry(session, entry_id)
    if not can_watch(session, user, entry):
        raise NotAllowed()
    return entry


def entry_of_student(session: Session, user: User, entry_id: int) -> Entry:
    """An entry its student manages; organisers may look but not change it."""
    entry = get_entry(session, entry_id)
    if entry.student_id != user.id:
        raise NotAllowed()
    return entry


def _check_still_open(entry: Entry, now: datetime) -> None:
    if not submissions_open(entry.competition, now):
        raise WindowClosed()


def replace_video(
    session: Session, student: User, entry: Entry, *, video_key: str, duration: int, now
) -> str | None:
    """Point the entry at a new upload; returns the key whose files can go now.

    A ready video is kept (previous_video_key) until the new one is ready; a video that
    was still processing or had failed goes at once.
    """
    if entry.student_id != student.id:
        raise NotAllowed()
    _check_still_open(entry, now)
    discard = entry.video_key
    if entry.video_state == VideoState.READY:
        entry.previous_video_key, discard = entry.video_key, None
    entry.video_key = video_key
    entry.video_state = VideoState.PROCESSING
    entry.video_error = None
    entry.video_last_error = None
    entry.video_attempts = 0
    entry.video_queued_at = now
    entry.duration_seconds = duration
    session.flush()
    return discard


def withdraw(session: Session, student: User, entry: Entry, now: datetime) -> str | None:
    if entry.student_id != student.id:
        raise NotAllowed()
    _check_still_open(entry, now)
    key = entry.video_key
    session.delete(entry)
    session.flush()
    return key


def set_captions(
    session: Session, student: User, entry: Entry, *, vtt: str, transcript: str, now
) -> None:
    if entry.student_id != student.id:
        raise NotAllowed()
    _check_still_open(entry, now)
    entry.captions_vtt = vtt
    entry.transcript = transcript
    session.flush()
