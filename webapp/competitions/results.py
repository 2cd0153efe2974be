"""Results: each entry's weighted mean over its judges, optionally judge-normalised, ranked.

A judge counts for an entry only once they have scored every criterion, so an
abstaining judge never pulls an entry down. A judge's total for an entry is the
weighted sum of their scores, on the rubric's range 0 … Σ weight × max.

Normalisation turns each judge's totals into z-scores (how far above or below
that judge's own mean, in that judge's standard deviations) and maps them back
onto the rubric's range with the mean and deviation of all totals, so a strict
judge and a lenient one count alike.
"""

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from statistics import fmean, pstdev

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from webapp.competitions.models import (
    Assignment,
    Competition,
    Criterion,
    Entry,
    Judge,
    Score,
    VideoState,
)
from webapp.competitions.services import require_organiser

PAGE_SIZE = 50
# The winner lists offer the best-ranked entries, not all two thousand.
CHOICES = 30


@dataclass
class EntryResult:
    entry: Entry
    judge_totals: dict[int, float] = field(default_factory=dict)
    normalised_totals: dict[int, float] = field(default_factory=dict)
    raw: float | None = None
    normalised: float | None = None
    score: float | None = None
    rank: int | None = None
    tied: bool = False


@dataclass
class Results:
    competition: Competition
    rows: list[EntryResult]
    judges: list[Judge]
    assignments: list[Assignment]
    max_total: int
    normalise: bool


def judge_total(assignment: Assignment, weights: dict[int, int]) -> float | None:
    """The weighted sum of one judge's scores for one entry, or None until every one is given."""
    given = {s.criterion_id: s.value for s in assignment.scores}
    if set(weights) - set(given):
        return None
    return float(sum(weights[c] * given[c] for c in weights))


def _normalised(totals: dict[tuple[int, int], float], max_total: float) -> dict:
    """(judge, entry) → the judge's total as a z-score rescaled onto the rubric's range."""
    if not totals:
        return {}
    pooled_mean = fmean(totals.values())
    pooled_sd = pstdev(totals.values())
    by_judge: dict[int, list[float]] = {}
    for (judge_id, _), total in totals.items():
        by_judge.setdefault(judge_id, []).append(total)
    stats = {j: (fmean(values), pstdev(values)) for j, values in by_judge.items()}
    result = {}
    for (judge_id, entry_id), total in totals.items():
        mean, sd = stats[judge_id]
        z = (total - mean) / sd if sd > 0 else 0.0
        result[(judge_id, entry_id)] = min(max(pooled_mean + z * pooled_sd, 0.0), max_total)
    return result


def rank(rows: list[EntryResult]) -> list[EntryResult]:
    """Best first; equal scores share a rank (1, 2, 2, 4) and are marked as tied.

    One sort and one walk: with 2,000 entries the pairwise comparison it replaces
    took seconds.
    """
    scored = sorted((r for r in rows if r.score is not None), key=lambda r: (-r.score, r.entry.id))
    unscored = [r for r in rows if r.score is None]
    previous = None
    for position, row in enumerate(scored):
        key = round(row.score, 2)
        if key != previous:
            rank_here, previous = position + 1, key
        row.rank = rank_here
    sharing = Counter(r.rank for r in scored)
    for row in scored:
        row.tied = sharing[row.rank] > 1
    return scored + unscored


def compute(competition: Competition, entries, assignments, normalise: bool) -> list[EntryResult]:
    weights = {c.id: c.weight for c in competition.criteria}
    totals = {}
    for assignment in assignments:
        total = judge_total(assignment, weights)
        if total is not None:
            totals[(assignment.judge_id, assignment.entry_id)] = total
    return compute_from_totals(competition, entries, totals, normalise)


def compute_from_totals(
    competition: Competition, entries, totals: dict[tuple[int, int], float], normalise: bool
) -> list[EntryResult]:
    """Rank entries from each (judge, entry)'s weighted total."""
    adjusted = _normalised(totals, competition.max_score_total)
    rows = {entry.id: EntryResult(entry) for entry in entries}
    for (judge_id, entry_id), total in totals.items():
        if entry_id in rows:
            rows[entry_id].judge_totals[judge_id] = total
            rows[entry_id].normalised_totals[judge_id] = adjusted[(judge_id, entry_id)]
    for row in rows.values():
        if row.judge_totals:
            row.raw = fmean(row.judge_totals.values())
            row.normalised = fmean(row.normalised_totals.values())
        row.score = row.normalised if normalise else row.raw
    return rank(list(rows.values()))


def judge_totals(session: Session, competition: Competition) -> dict[tuple[int, int], float]:
    """(judge, entry) → weighted total, summed by the database, for judges who scored every
    criterion: one row per judge and entry instead of every score as an object."""
    criteria = len(competition.criteria)
    if not criteria:
        return {}
    rows = session.execute(
        select(
            Assignment.judge_id,
            Assignment.entry_id,
            func.sum(Criterion.weight * Score.value),
        )
        .join(Judge, Judge.id == Assignment.judge_id)
        .join(Score, Score.assignment_id == Assignment.id)
        .join(Criterion, Criterion.id == Score.criterion_id)
        .where(Judge.competition_id == competition.id, Criterion.competition_id == competition.id)
        .group_by(Assignment.judge_id, Assignment.entry_id)
        .having(func.count() == criteria)
    ).all()
    return {(judge_id, entry_id): float(total) for judge_id, entry_id, total in rows}


@dataclass
class RankingPage:
    competition: Competition
    rows: list[EntryResult]
    # The best-ranked entries with a ready video: what the winner lists offer.
    choices: list[EntryResult]
    max_total: int
    normalise: bool
    page: int
    pages: int
    total: int


def ranking_page(
    session: Session, admin, competition: Competition, normalise: bool, page: int
) -> RankingPage:
    """One page of the ranking, in a fixed number of queries whatever the number of entries.

    Every entry is ranked (from two light queries: ids and the database's totals);
    only the page's rows and the winner choices are loaded in full.
    """
    require_organiser(admin)
    entries = session.execute(
        select(Entry.id, Entry.video_state).where(Entry.competition_id == competition.id)
    ).all()
    ranked = compute_from_totals(
        competition, entries, judge_totals(session, competition), normalise
    )
    pages = max(1, -(-len(ranked) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    shown = ranked[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    choices = [r for r in ranked if r.rank is not None and r.entry.video_state == VideoState.READY]
    choices = choices[:CHOICES]
    wanted = {r.entry.id for r in shown} | {r.entry.id for r in choices}
    full = {
        e.id: e
        for e in session.scalars(
            select(Entry).options(joinedload(Entry.student)).where(Entry.id.in_(wanted))
        )
    }
    for row in {id(r): r for r in shown + choices}.values():
        row.entry = full[row.entry.id]
    return RankingPage(
        competition,
        shown,
        choices,
        competition.max_score_total,
        normalise,
        page,
        pages,
        len(ranked),
    )


def results(session: Session, admin, competition: Competition, normalise: bool) -> Results:
    """Every entry with every judge's scores (for the CSV), in four queries."""
    require_organiser(admin)
    entries = list(
        session.scalars(
            select(Entry)
            .options(joinedload(Entry.student))
            .where(Entry.competition_id == competition.id)
        )
    )
    judges = list(
        session.scalars(
            select(Judge)
            .options(joinedload(Judge.user))
            .where(Judge.competition_id == competition.id)
            .order_by(Judge.email)
        )
    )
    assignments = list(
        session.scalars(
            select(Assignment)
            .options(selectinload(Assignment.scores))
            .join(Judge, Judge.id == Assignment.judge_id)
            .where(Judge.competition_id == competition.id)
        )
    )
    rows = compute(competition, entries, assignments, normalise)
    return Results(competition, rows, judges, assignments, competition.max_score_total, normalise)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def to_csv(table: Results, headers: dict[str, str]) -> str:
    """One line per entry and judge, with the entry's mean, normalised mean and rank."""
    criteria = table.competition.criteria
    judges = {j.id: j for j in table.judges}
    by_entry: dict[int, list[Assignment]] = {}
    for assignment in table.assignments:
        by_entry.setdefault(assignment.entry_id, []).append(assignment)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            headers["rank"],
            headers["entry"],
            headers["student"],
            headers["mean"],
            headers["normalised"],
            headers["judge"],
            *(c.name for c in criteria),
            headers["total"],
            headers["comment"],
        ]
    )
    for row in table.rows:
        lead = [
            row.rank or "",
            _safe(row.entry.title),
            _safe(row.entry.student.name),
            _number(row.raw),
            _number(row.normalised),
        ]
        items = sorted(by_entry.get(row.entry.id, []), key=lambda a: judges[a.judge_id].email)
        if not items:
            writer.writerow(lead)
        for assignment in items:
            given = {s.criterion_id: s.value for s in assignment.scores}
            judge = judges[assignment.judge_id]
            writer.writerow(
                [
                    *lead,
                    _safe(judge.user.name if judge.user else judge.email),
                    *(given.get(c.id, "") for c in criteria),
                    _number(row.judge_totals.get(assignment.judge_id)),
                    _safe(assignment.comment),
                ]
            )
    return out.getvalue()


def _safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
