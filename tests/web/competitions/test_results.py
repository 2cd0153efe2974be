"""Results arithmetic: weighted means, abstaining judges, judge normalisation and ties."""

from types import SimpleNamespace as Row

import pytest

from webapp.competitions.results import compute, rank

CRITERIA = [Row(id=1, weight=2, max_score=5), Row(id=2, weight=1, max_score=5)]
COMPETITION = Row(criteria=CRITERIA, max_score_total=15)


def _assignment(judge, entry, *scores):
    given = [Row(criterion_id=c.id, value=v) for c, v in zip(CRITERIA, scores, strict=False)]
    return Row(judge_id=judge, entry_id=entry, scores=given)


def _entries(n):
    return [Row(id=i) for i in range(1, n + 1)]


def test_the_weighted_mean_over_judges_and_an_abstaining_judge_does_not_count():
    rows = compute(
        COMPETITION,
        _entries(1),
        [
            _assignment(10, 1, 5, 3),  # 2*5 + 3 = 13
            _assignment(11, 1, 3, 1),  # 2*3 + 1 = 7
            _assignment(12, 1, 1),  # one criterion only: abstains
        ],
        normalise=False,
    )
    assert rows[0].raw == pytest.approx(10.0)
    assert set(rows[0].judge_totals) == {10, 11}


def test_normalisation_evens_out_a_strict_and_a_lenient_judge():
    # Judge 10 is strict, judge 11 lenient; both rank entry 1 above entry 2.
    # Entry 3 is judged only by the strict judge, entry 4 only by the lenient one.
    assignments = [
        _assignment(10, 1, 3, 3),  # 9
        _assignment(10, 2, 2, 1),  # 5
        _assignment(10, 3, 3, 1),  # 7
        _assignment(11, 1, 5, 5),  # 15
        _assignment(11, 2, 4, 3),  # 11
        _assignment(11, 4, 4, 5),  # 13
    ]
    raw = {r.entry.id: r.raw for r in compute(COMPETITION, _entries(4), assignments, False)}
    norm = {r.entry.id: r.normalised for r in compute(COMPETITION, _entries(4), assignments, True)}
    # Raw, the lenient judge's middle entry beats the strict judge's middle entry by 6 points…
    assert raw[4] - raw[3] == pytest.approx(6)
    # …normalised, each is its judge's middle: they count alike.
    assert norm[4] == pytest.approx(norm[3])
    assert all(0 <= value <= 15 for value in norm.values())
    assert norm[1] > norm[3] > norm[2]


def test_a_judge_who_gives_everyone_the_same_score_is_neutral():
    assignments = [_assignment(10, 1, 4, 4), _assignment(10, 2, 4, 4)]
    rows = compute(COMPETITION, _entries(2), assignments, normalise=True)
    assert rows[0].normalised == pytest.approx(rows[1].normalised)


def test_ties_share_a_rank_and_unjudged_entries_come_last_unranked():
    rows = [
        Row(entry=Row(id=i), score=score, rank=None, tied=False)
        for i, score in enumerate([10.0, 12.0, 10.0, None, 8.0], start=1)
    ]
    ranked = rank(rows)
    assert [(r.entry.id, r.rank, r.tied) for r in ranked] == [
        (2, 1, False),
        (1, 2, True),
        (3, 2, True),
        (5, 4, False),
        (4, None, False),
    ]


def test_ranking_rounds_each_score_once_however_many_entries(monkeypatch):
    # Ranking compared every entry with every other: 4 million roundings for 2,000 entries.
    import builtins

    from webapp.competitions import results

    calls = []

    def counting_round(value, digits=None):
        calls.append(value)
        return builtins.round(value, digits)

    monkeypatch.setattr(results, "round", counting_round, raising=False)
    rows = [Row(entry=Row(id=i), score=float(i % 97), rank=None, tied=False) for i in range(2000)]
    ranked = rank(rows)
    assert len(calls) == 2000
    assert ranked[0].score == 96.0 and ranked[0].rank == 1 and ranked[0].tied
    assert ranked[-1].rank == 2000 - 20  # the 21 entries scoring 0 share the last rank
