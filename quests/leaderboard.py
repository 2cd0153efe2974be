"""The weekly XP leaderboard of a class, safe for minors.

Only students who opted in are listed, by the display name they chose; the week
is the current ISO week (Monday to Sunday) in Helsinki time and the XP comes
from the ledger. A class's teacher may show students only the places around
their own; a student always sees their own rank, listed or not.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from quests import access
from quests.clock import HELSINKI, helsinki_day
from quests.community_models import BoardMode, CohortLeaderboard, LeaderboardPreference
from quests.errors import N_, InvalidInput, NotAllowed
from quests.models import Cohort, CohortMembership, MembershipKind, User
from quests.quest_models import XpEntry
from quests.roles import Capability

AROUND = 2  # places shown above and below a student's own in "around" mode
MAX_ROWS = 100


@dataclass(frozen=True)
class Row:
    rank: int
    name: str
    xp: int
    is_me: bool


@dataclass(frozen=True)
class Board:
    cohort: Cohort
    mode: str
    week_start: datetime
    rows: list[Row]
    me: Row | None
    opted_in: bool
    # Students see the list as the class's mode says; teachers see all of it.
    trimmed: bool


def week_bounds(now: datetime) -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday 00:00 in Helsinki, as aware datetimes."""
    today = helsinki_day(now)
    monday = today - timedelta(days=today.weekday())
    start = datetime.combine(monday, time(), tzinfo=HELSINKI)
    end = datetime.combine(monday + timedelta(days=7), time(), tzinfo=HELSINKI)
    return start, end


def board_cohorts(session: Session, user: User) -> list[Cohort]:
    """Classes whose board this person may open: where they study or teach (all, for admins)."""
    query = select(Cohort).order_by(Cohort.name)
    if not user.can(Capability.ADMINISTER):
        mine = select(CohortMembership.cohort_id).where(CohortMembership.user_id == user.id)
        query = query.where(Cohort.id.in_(mine))
    return list(session.scalars(query))


def can_set_mode(session: Session, user: User, cohort: Cohort) -> bool:
    if user.can(Capability.ADMINISTER):
        return True
    return user.can(Capability.MANAGE_COHORTS) and cohort.id in set(
        session.scalars(access.taught_cohort_ids(user))
    )


def preference(session: Session, user: User) -> LeaderboardPreference | None:
    return session.get(LeaderboardPreference, user.id)


def set_preference(
    session: Session, *, user: User, opted_in: bool, display_name: str, now: datetime
) -> LeaderboardPreference:
    display_name = " ".join(display_name.split())
    if opted_in and not display_name:
        raise InvalidInput(N_("Choose the name shown on the leaderboard."), field="display_name")
    pref = preference(session, user) or LeaderboardPreference(user_id=user.id)
    pref.opted_in = opted_in
    pref.display_name = display_name[:40]
    pref.updated_at = now
    session.add(pref)
    session.flush()
    return pref


def set_mode(session: Session, *, actor: User, cohort: Cohort, mode: str, now: datetime) -> None:
    if not can_set_mode(session, actor, cohort):
        raise NotAllowed()
    if mode not in set(BoardMode):
        raise InvalidInput(field="mode")
    setting = session.get(CohortLeaderboard, cohort.id) or CohortLeaderboard(cohort_id=cohort.id)
    setting.mode = mode
    setting.updated_by_id = actor.id
    setting.updated_at = now
    session.add(setting)
    session.flush()


def weekly_board(session: Session, *, viewer: User, cohort: Cohort, now: datetime) -> Board:
    """The class's board this week as the viewer may see it: a fixed number of queries."""
    in_cohort = {c.id for c in board_cohorts(session, viewer)}
    if cohort.id not in in_cohort:
        raise NotAllowed()
    start, end = week_bounds(now)
    students = select(CohortMembership.user_id).where(
        CohortMembership.cohort_id == cohort.id, CohortMembership.kind == "student"
    )
    # Only the class's members' entries of the week, read from (user_id, created_at).
    weekly = (
        select(XpEntry.user_id, func.sum(XpEntry.amount).label("xp"))
        .where(
            XpEntry.user_id.in_(students),
            XpEntry.created_at >= start,
            XpEntry.created_at < end,
        )
        .group_by(XpEntry.user_id)
        .subquery()
    )
    rows = session.execute(
        select(
            CohortMembership.user_id,
            LeaderboardPreference.opted_in,
            LeaderboardPreference.display_name,
            func.coalesce(weekly.c.xp, 0).label("xp"),
        )
        .select_from(CohortMembership)
        .outerjoin(LeaderboardPreference, LeaderboardPreference.user_id == CohortMembership.user_id)
        .outerjoin(weekly, weekly.c.user_id == CohortMembership.user_id)
        .where(
            CohortMembership.cohort_id == cohort.id,
            CohortMembership.kind == MembershipKind.STUDENT,
            or_(
                and_(
                    LeaderboardPreference.opted_in.is_(True),
                    LeaderboardPreference.display_name != "",
                ),
                CohortMembership.user_id == viewer.id,
            ),
        )
        .order_by(func.coalesce(weekly.c.xp, 0).desc(), LeaderboardPreference.display_name)
    ).all()
    setting = session.get(CohortLeaderboard, cohort.id)
    mode = setting.mode if setting else BoardMode.FULL
    listed: list[Row] = []
    rank, previous = 0, None
    for position, row in enumerate(r for r in rows if r.opted_in and r.display_name):
        if row.xp != previous:
            rank, previous = position + 1, row.xp
        listed.append(Row(rank, row.display_name, row.xp, row.user_id == viewer.id))
    me = next((r for r in listed if r.is_me), None)
    opted_in = me is not None
    own = next((r for r in rows if r.user_id == viewer.id), None)
    if own is not None and me is None:
        # Not listed: the rank they would have among those who are.
        me = Row(1 + sum(1 for r in listed if r.xp > own.xp), viewer.name, own.xp, True)
    teacher_view = can_set_mode(session, viewer, cohort)
    trimmed = mode == BoardMode.AROUND and not teacher_view
    if trimmed:
        index = next((i for i, r in enumerate(listed) if r.is_me), None)
        # A student who is not listed sees only their own rank.
        listed = [] if index is None else listed[max(0, index - AROUND) : index + AROUND + 1]
    return Board(
        cohort=cohort,
        mode=mode,
        week_start=start,
        rows=listed[:MAX_ROWS],
        me=me,
        opted_in=opted_in,
        trimmed=trimmed,
    )
