"""The competition's list pages run a fixed number of queries, whatever the number of rows."""

import pytest
from sqlalchemy import select

from tests import factories
from tests.conftest import log_in
from tests.web.competitions.conftest import add_entry, make_competition, seat
from webapp.competitions import judging
from webapp.competitions.models import Assignment, Judge, Score


def _build(data, entries: int, judges: int):
    """A competition with entries fully scored by every judge; returns the people and ids."""
    with data() as session:
        admin = factories.user(session, "admin", "student")
        competition = make_competition(session, admin)
        for _ in range(entries):
            add_entry(session, competition, factories.user(session, "student"))
        add_entry(session, competition, admin)
        seats = [
            seat(session, competition, factories.user(session, "employer")) for _ in range(judges)
        ]
        judging.assign(session, admin, competition, url="/x")
        assignments = list(
            session.scalars(
                select(Assignment).join(Judge).where(Judge.competition_id == competition.id)
            )
        )
        for assignment in assignments:
            for criterion in competition.criteria:
                session.add(Score(assignment_id=assignment.id, criterion_id=criterion.id, value=3))
        first_entry = min(a.entry_id for a in assignments if a.judge_id == seats[0].id)
        return {
            "admin": admin.email,
            "judge": seats[0].user.email,
            "cid": competition.id,
            "eid": first_entry,
        }


def _queries(app, count_queries, email, path) -> int:
    client = app.test_client()
    log_in(client, email)
    client.get(path)  # warm up: the first request loads the person once more
    with count_queries as counter:
        response = client.get(path)
        assert response.status_code == 200, path
    return counter.count


PAGES = [
    ("admin", "/competitions/"),
    ("admin", "/competitions/{cid}"),
    ("admin", "/competitions/{cid}/manage"),
    ("admin", "/competitions/{cid}/results"),
    ("admin", "/competitions/{cid}/results?normalise=1"),
    ("admin", "/competitions/{cid}/results.csv"),
    ("judge", "/competitions/"),
    ("judge", "/competitions/{cid}/judging"),
    ("judge", "/competitions/entries/{eid}/judge"),
]


@pytest.mark.parametrize(("who", "path"), PAGES)
def test_competition_pages_do_not_grow_with_data(app, data, count_queries, who, path):
    small = _build(data, entries=1, judges=1)
    large = _build(data, entries=12, judges=4)
    counts = [
        _queries(app, count_queries, world[who], path.format(**world)) for world in (small, large)
    ]
    assert counts[0] == counts[1], f"{path}: {counts[0]} queries small, {counts[1]} large"
    assert counts[0] <= 20


def test_results_are_paged_and_the_winner_lists_offer_the_best_ranked(app, data, monkeypatch):
    # Two thousand entries made a megabyte of rows and options on one page.
    from webapp.competitions import results

    monkeypatch.setattr(results, "PAGE_SIZE", 5)
    monkeypatch.setattr(results, "CHOICES", 3)
    world = _build(data, entries=11, judges=1)
    client = app.test_client()
    log_in(client, world["admin"])
    base = f"/competitions/{world['cid']}/results"
    first = client.get(base).get_data(as_text=True)
    assert first.count("<tr>\n        <td>") == 5
    assert "Sivu 1 / 3" in first
    last = client.get(base + "?page=3").get_data(as_text=True)
    assert last.count("<tr>\n        <td>") == 2 and "Sivu 3 / 3" in last
    assert client.get(base + "?page=99").get_data(as_text=True).count("Sivu 3 / 3") == 1
    prize_select = first.split('<select id="prize_')[1].split("</select>")[0]
    assert prize_select.count("<option") == 1 + 3  # "No winner" and the best three
