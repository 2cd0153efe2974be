"""Judging: assignment, conflicts, scoring on a phone, blind judging, results and publishing."""

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from quests.notification_models import Notification
from tests import factories
from tests.conftest import log_in, page_token
from tests.web.competitions.conftest import add_entry, make_competition, person, seat
from webapp.competitions import judging
from webapp.competitions.models import Assignment, Competition, Score


def _competition_with(session, entries=4, judges=3, per_entry=None, blind=False):
    admin = factories.user(session, "admin")
    competition = make_competition(session, admin, judges_per_entry=per_entry, blind=blind)
    students = [factories.user(session, "student") for _ in range(entries)]
    made = [add_entry(session, competition, s, title=f"CV {n}") for n, s in enumerate(students)]
    seats = [seat(session, competition, factories.user(session, "employer")) for _ in range(judges)]
    return admin, competition, made, seats


def _pairs(session, competition):
    rows = session.execute(select(Assignment.judge_id, Assignment.entry_id))
    return {(j, e) for j, e in rows}


def test_every_judge_gets_every_entry_except_conflicts(session):
    admin, competition, entries, seats = _competition_with(session)
    judging.declare_conflicts(
        session, seats[0].user, competition, {entries[1].student_id}, datetime.now(UTC)
    )
    made = judging.assign(session, admin, competition, url="/x")
    assert made == 3 * 4 - 1
    pairs = _pairs(session, competition)
    assert (seats[0].id, entries[1].id) not in pairs
    # Running it again adds nothing and notifies no one again.
    assert judging.assign(session, admin, competition, url="/x") == 0
    notices = session.scalars(select(Notification)).all()
    assert len(notices) == 3 and {n.kind for n in notices} == {"judging_assigned"}


def test_n_judges_per_entry_are_balanced(session):
    admin, competition, entries, seats = _competition_with(session, entries=5, per_entry=2)
    judging.declare_conflicts(
        session, seats[2].user, competition, {entries[0].student_id}, datetime.now(UTC)
    )
    assert judging.assign(session, admin, competition, url="/x") == 10
    pairs = _pairs(session, competition)
    for entry in entries:
        assert sum(1 for _, e in pairs if e == entry.id) == 2
    loads = sorted(sum(1 for j, _ in pairs if j == s.id) for s in seats)
    assert loads[-1] - loads[0] <= 1
    assert (seats[2].id, entries[0].id) not in pairs


def test_declaring_a_conflict_removes_an_assignment(session):
    admin, competition, entries, seats = _competition_with(session, entries=2, judges=1)
    judging.assign(session, admin, competition, url="/x")
    judging.declare_conflicts(
        session, seats[0].user, competition, {entries[0].student_id}, datetime.now(UTC)
    )
    session.expire_all()
    assert _pairs(session, competition) == {(seats[0].id, entries[1].id)}


def _judge_setup(data, **competition_fields):
    with data() as session:
        admin = factories.user(session, "admin")
        competition = make_competition(session, admin, **competition_fields)
        student = factories.user(session, "student", name="Aino Virtanen")
        entry = add_entry(session, competition, student, title="Leipuri")
        other = add_entry(session, competition, factories.user(session, "student"), title="Kokki")
        judge_user = factories.user(session, "employer")
        judge_seat = seat(session, competition, judge_user)
        session.add(Assignment(entry_id=entry.id, judge_id=judge_seat.id))
        session.add(Assignment(entry_id=other.id, judge_id=judge_seat.id))
        criteria = [c.id for c in competition.criteria]
        return person(judge_user), entry.id, other.id, criteria, competition.id


def test_a_judge_scores_with_htmx_one_control_at_a_time(client, data):
    judge, entry_id, other_id, (c1, c2), _ = _judge_setup(data)
    log_in(client, judge.email)
    url = f"/competitions/entries/{entry_id}/judge"
    page = client.get(url).get_data(as_text=True)
    assert re.search(r"Video [12]/2", page) and "0/2 arvioitu" in page
    assert 'type="radio"' in page and "Tekstivastine" in page
    token = page_token(client, url)
    headers = {"HX-Request": "true"}
    saved = client.post(url, data={"csrf_token": token, f"criterion_{c1}": "4"}, headers=headers)
    assert saved.status_code == 200
    assert "Tallennettu." in saved.get_data(as_text=True)
    assert "<html" not in saved.get_data(as_text=True)
    client.post(url, data={"csrf_token": token, f"criterion_{c2}": "2"}, headers=headers)
    with data() as session:
        values = {s.criterion_id: s.value for s in session.scalars(select(Score))}
    assert values == {c1: 4, c2: 2}
    # The plain form moves on to the next entry.
    response = client.post(
        url,
        data={"csrf_token": token, f"criterion_{c1}": "5", "comment": "Hyvä", "next_id": other_id},
    )
    assert response.status_code == 303
    assert response.headers["Location"] == f"/competitions/entries/{other_id}/judge"
    assert "1/2 arvioitu" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_scores_out_of_range_or_not_numbers_are_422(client, data):
    judge, entry_id, _, (c1, _c2), _ = _judge_setup(data)
    log_in(client, judge.email)
    url = f"/competitions/entries/{entry_id}/judge"
    token = page_token(client, url)
    for value in ("6", "-1", "kolme"):
        response = client.post(url, data={"csrf_token": token, f"criterion_{c1}": value})
        assert response.status_code == 422, value
        assert "arviointikriteerien asteikolta" in response.get_data(as_text=True)
    with data() as session:
        assert session.scalars(select(Score)).all() == []


def test_judging_outside_the_window_is_refused(client, data):
    now = datetime.now(UTC)
    windows = (
        now - timedelta(days=3),
        now - timedelta(days=2),
        now + timedelta(1),
        now + timedelta(2),
    )
    judge, entry_id, _, (c1, _c2), _ = _judge_setup(data, windows=windows)
    log_in(client, judge.email)
    url = f"/competitions/entries/{entry_id}/judge"
    response = client.post(
        url, data={"csrf_token": page_token(client, url), f"criterion_{c1}": "3"}
    )
    assert response.status_code == 409
    assert "Arviointi ei ole nyt auki" in response.get_data(as_text=True)


def test_blind_judging_hides_names_and_named_judging_shows_them(client, data):
    judge, entry_id, _, _, competition_id = _judge_setup(data)
    log_in(client, judge.email)
    for url in (
        f"/competitions/entries/{entry_id}/judge",
        f"/competitions/{competition_id}/judging",
    ):
        page = client.get(url).get_data(as_text=True)
        assert "Leipuri" in page
        # Not even a list of conflicts names the entrants of a blind competition.
        assert "Aino Virtanen" not in page
    # Blind judging has no list of entrants to tick at all.
    conflicts = client.get(f"/competitions/{competition_id}/conflicts")
    assert conflicts.status_code >= 400 and "Aino Virtanen" not in conflicts.get_data(as_text=True)
    with data() as session:
        session.get(Competition, competition_id).blind = False
    page = client.get(f"/competitions/entries/{entry_id}/judge").get_data(as_text=True)
    assert "Aino Virtanen" in page


def test_an_unassigned_entry_cannot_be_scored(client, data):
    _, entry_id, _, (c1, _c2), _ = _judge_setup(data)
    with data() as session:
        stranger = person(factories.user(session, "employer"))
    log_in(client, stranger.email)
    url = f"/competitions/entries/{entry_id}/judge"
    response = client.post(
        url, data={"csrf_token": page_token(client, "/"), f"criterion_{c1}": "3"}
    )
    assert response.status_code == 403


def test_results_publish_and_notify_then_the_student_sees_them(client, data, world):
    log_in(client, world.admin.email)
    with data() as session:
        competition = session.get(Competition, world.competition_id)
        criteria = [c.id for c in competition.criteria]
        prize_id = competition.prizes[0].id
        assignment = session.scalars(select(Assignment)).one()
        assignment.scores = [
            Score(criterion_id=criteria[0], value=5),
            Score(criterion_id=criteria[1], value=3),
        ]
    results = client.get(f"/competitions/{world.competition_id}/results").get_data(as_text=True)
    assert "Minun CV:ni" in results and "13.0" in results
    csv = client.get(f"/competitions/{world.competition_id}/results.csv")
    assert csv.mimetype == "text/csv" and "Minun CV:ni" in csv.get_data(as_text=True)
    assert ",13.00,13.00," in csv.get_data(as_text=True)

    token = page_token(client, "/")
    base = f"/competitions/{world.competition_id}"
    refused = client.post(base + "/publish", data={"csrf_token": token})
    assert refused.status_code == 422
    winners = {"csrf_token": token, f"prize_{prize_id}": str(world.entry_id)}
    assert client.post(base + "/winners", data=winners).status_code == 303
    assert client.post(base + "/publish", data={"csrf_token": token}).status_code == 303
    assert client.post(base + "/publish", data={"csrf_token": token}).status_code == 409
    with data() as session:
        notices = session.scalars(
            select(Notification).where(Notification.kind == "results_published")
        )
        assert [n.user_id for n in notices] == [world.entrant.id]

    student = client.application.test_client()
    log_in(student, world.entrant.email)
    page = student.get(base).get_data(as_text=True)
    assert "Voittajat" in page and "Aino Virtanen" in page and "Kesätyö" in page


def test_adding_a_judge_without_an_account_sends_an_employer_invite(app, client, data, world):
    from tests.web import outbox

    log_in(client, world.admin.email)
    url = f"/competitions/{world.competition_id}/judges"
    token = page_token(client, "/")
    response = client.post(url, data={"csrf_token": token, "email": "Tuomas@LVI.example"})
    assert response.status_code == 201
    assert "/invite/" in outbox.last_link(app, "tuomas@lvi.example")
    again = client.post(url, data={"csrf_token": token, "email": "tuomas@lvi.example"})
    assert again.status_code == 409
    assert "on jo tämän kilpailun arvioija" in again.get_data(as_text=True)
