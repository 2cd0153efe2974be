"""A judge's seat goes only to the person who accepts the mailed invite and may judge (finding 2).

The attack: a student signs up with an employer-looking address the organiser will
offer a seat to, takes the seat, and scores their own entry.
"""

from datetime import UTC, datetime

from sqlalchemy import select

from tests import factories
from tests.conftest import log_in, page_token
from tests.web.competitions.conftest import add_entry, make_competition, seat
from tests.web.outbox import LINK, last_link, messages
from webapp.competitions import judging
from webapp.competitions.models import Assignment, Judge

BOSS = "boss@lvi-salonen.example"


def test_a_student_with_the_judges_address_gets_no_seat_and_the_organiser_is_told(app, data):
    with data() as session:
        admin = factories.user(session, "admin")
        competition = make_competition(session, admin)
        # Signed up before addresses were confirmed, with an address that is not theirs.
        factories.user(session, "student", email=BOSS)
        competition_id, admin_email = competition.id, admin.email
    student = app.test_client()
    log_in(student, BOSS)

    organiser = app.test_client()
    log_in(organiser, admin_email)
    manage = f"/competitions/{competition_id}/manage"
    added = organiser.post(
        f"/competitions/{competition_id}/judges",
        data={"csrf_token": page_token(organiser, manage), "email": BOSS},
    )
    assert added.status_code == 201
    assert "kuuluu opiskelijan" in added.get_data(as_text=True)
    with data() as session:
        assert session.scalar(select(Judge.user_id)) is None

    # Even holding the mailed link, a student cannot take the seat.
    bodies = [m.get_content() for m in messages(app) if m["To"] == BOSS]
    path = next(LINK.search(b).group(0) for b in bodies if "/competitions/seats/" in b)
    path = path.split("localhost", 1)[-1]
    refused = student.post(path, data={"csrf_token": page_token(student, path)})
    assert refused.status_code == 403
    assert student.get(f"/competitions/{competition_id}/judging").status_code == 403
    with data() as session:
        assert session.scalar(select(Judge.user_id)) is None


def test_an_employer_takes_the_seat_only_through_the_link(app, client, data):
    with data() as session:
        admin = factories.user(session, "admin")
        employer = factories.user(session, "employer", email=BOSS)
        competition = make_competition(session, admin)
        offer = judging.add_judge(session, admin, competition, BOSS, datetime.now(UTC))
        token, competition_id = offer.seat_token, competition.id
        assert offer.account_token is None and not offer.belongs_to_student
        employer_id = employer.id
    log_in(client, BOSS)
    assert client.get(f"/competitions/{competition_id}/judging").status_code == 403
    path = f"/competitions/seats/{token}"
    accepted = client.post(path, data={"csrf_token": page_token(client, path)})
    assert accepted.status_code == 303
    assert client.get(f"/competitions/{competition_id}/judging").status_code == 200
    with data() as session:
        judge = session.scalar(select(Judge))
        assert judge.user_id == employer_id and judge.token_hash is None
    # The link works once.
    assert client.get(path).status_code == 404


def test_someone_without_an_account_is_invited_then_seated(app, client, data):
    with data() as session:
        admin = factories.user(session, "admin")
        competition = make_competition(session, admin)
        admin_email, competition_id = admin.email, competition.id
    log_in(client, admin_email)
    manage = f"/competitions/{competition_id}/manage"
    client.post(
        f"/competitions/{competition_id}/judges",
        data={"csrf_token": page_token(client, manage), "email": "uusi@yritys.example"},
    )
    client.post("/logout", data={"csrf_token": page_token(client, "/")})
    link = last_link(app, "uusi@yritys.example").split("localhost", 1)[-1]
    assert link.startswith("/invite/")
    made = client.post(
        link,
        data={
            "csrf_token": page_token(client, link),
            "name": "Uusi Tuomari",
            "password": "salasana-123",
            "confirm": "salasana-123",
        },
    )
    assert made.status_code == 302 and "/competitions/seats/" in made.headers["Location"]
    seat_path = made.headers["Location"]
    client.post(seat_path, data={"csrf_token": page_token(client, seat_path)})
    assert client.get(f"/competitions/{competition_id}/judging").status_code == 200


def test_no_judge_is_assigned_or_may_score_their_own_entry(client, data):
    with data() as session:
        admin = factories.user(session, "admin")
        competition = make_competition(session, admin)
        both = factories.user(session, "student", "employer")
        other = factories.user(session, "student")
        own = add_entry(session, competition, both, title="Oma")
        theirs = add_entry(session, competition, other, title="Toisen")
        judge = seat(session, competition, both)
        judging.assign(session, admin, competition, url="/x")
        pairs = set(session.execute(select(Assignment.judge_id, Assignment.entry_id)))
        assert pairs == {(judge.id, theirs.id)}
        # Even an assignment made by hand does not let them score their own entry.
        session.add(Assignment(entry_id=own.id, judge_id=judge.id))
        criterion = competition.criteria[0].id
        email, own_id = both.email, own.id
    log_in(client, email)
    url = f"/competitions/entries/{own_id}/judge"
    assert client.get(url).status_code == 403
    response = client.post(
        url, data={"csrf_token": page_token(client, "/"), f"criterion_{criterion}": "5"}
    )
    assert response.status_code == 403


def test_judging_routes_need_the_capability_as_well_as_a_seat(client, data):
    with data() as session:
        admin = factories.user(session, "admin")
        competition = make_competition(session, admin)
        entry = add_entry(session, competition, factories.user(session, "student"))
        # A seat bound before this fix to a student who had typed the judge's address.
        impostor = factories.user(session, "student")
        judge = seat(session, competition, impostor)
        session.add(Assignment(entry_id=entry.id, judge_id=judge.id))
        email, competition_id, entry_id = impostor.email, competition.id, entry.id
    log_in(client, email)
    assert client.get(f"/competitions/{competition_id}/judging").status_code == 403
    assert client.get(f"/competitions/entries/{entry_id}/judge").status_code == 403
    assert client.get(f"/competitions/entries/{entry_id}/video.mp4").status_code == 403


def test_blind_judging_names_no_one_and_a_conflict_is_reported_per_entry(client, data):
    """Finding 4: the conflict form listed entrants by name and took the named entry away."""
    with data() as session:
        admin = factories.user(session, "admin")
        competition = make_competition(session, admin)
        employer = factories.user(session, "employer")
        judge = seat(session, competition, employer)
        entries = [
            add_entry(session, competition, factories.user(session, "student", name=n), title=t)
            for n, t in (("Aino Virtanen", "Leipuri"), ("Eetu Heikkinen", "Kokki"))
        ]
        for entry in entries:
            session.add(Assignment(entry_id=entry.id, judge_id=judge.id))
        email, competition_id = employer.email, competition.id
        first, second = (e.id for e in entries)
    log_in(client, email)
    home = f"/competitions/{competition_id}/judging"
    page = client.get(home).get_data(as_text=True)
    assert "Aino Virtanen" not in page and "Eetu Heikkinen" not in page
    token = page_token(client, home)
    named = client.post(f"/competitions/{competition_id}/conflicts", data={"csrf_token": token})
    assert named.status_code == 409
    reported = client.post(f"/competitions/entries/{first}/conflict", data={"csrf_token": token})
    assert reported.status_code == 303
    page = client.get(home).get_data(as_text=True)
    assert "Leipuri" not in page and "Kokki" in page
    assert client.get(f"/competitions/entries/{first}/judge").status_code == 403
    assert client.get(f"/competitions/entries/{second}/judge").status_code == 200


def test_each_judge_has_a_shuffled_order_of_their_own(data):
    with data() as session:
        admin = factories.user(session, "admin")
        competition = make_competition(session, admin)
        entries = [
            add_entry(session, competition, factories.user(session, "student")) for _ in range(8)
        ]
        judges = [seat(session, competition, factories.user(session, "employer")) for _ in "ab"]
        for judge in judges:
            for entry in entries:
                session.add(Assignment(entry_id=entry.id, judge_id=judge.id))
        session.flush()
        orders = [
            [item.entry.id for item in judging.judging_queue(session, j.user, competition)]
            for j in judges
        ]
        ids = sorted(e.id for e in entries)
        assert sorted(orders[0]) == ids and orders[0] != ids
        assert orders[0] != orders[1]
