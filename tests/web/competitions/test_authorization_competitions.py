"""Who may reach which route of the competition: every route, every relation to an entry.

The roles are relations, not just role names: the student who entered, another
student, a judge the entry is assigned to, a judge of the same competition it is
not assigned to, a judge who declared a conflict with it, and the organiser.
"""

import io

import pytest

from tests.conftest import log_in, page_token

ROLES = [
    "anonymous",
    "entrant",
    "other_student",
    "judge_assigned",
    "judge_unassigned",
    "judge_conflicted",
    "admin",
]
OK, LOGIN, FORBIDDEN, CONFLICT = "ok", "login", "forbidden", "conflict"


def only(*roles, otherwise=FORBIDDEN):
    return {role: OK if role in roles else otherwise for role in ROLES} | {"anonymous": LOGIN}


SIGNED_IN = only(*ROLES)
ADMIN = only("admin")
JUDGES = only("judge_assigned", "judge_unassigned", "judge_conflicted")
JUDGES_CONFLICT = only(otherwise=FORBIDDEN) | dict.fromkeys(
    ("judge_assigned", "judge_unassigned", "judge_conflicted"), CONFLICT
)
SEES_COMPETITION = only("entrant", "other_student", *JUDGES, "admin")
WATCHES = only("entrant", "judge_assigned", "admin")
ENTRANT = only("entrant")
# Only a student who has not entered yet may enter; the entrant has, so it conflicts.
ENTERS = only("other_student") | {"entrant": CONFLICT}

# (method, path, form or None, who may); "video" in a form means a small real video.
MATRIX = [
    ("GET", "/competitions/", None, SIGNED_IN),
    ("GET", "/competitions/new", None, ADMIN),
    (
        "POST",
        "/competitions/new",
        {
            "title": "Kesätyö-CV 2028",
            "rules": "Oma video.",
            "submission_opens": "2027-03-01T09:00",
            "submission_closes": "2027-04-01T16:00",
            "judging_opens": "2027-04-02T09:00",
            "judging_closes": "2027-04-20T16:00",
            "max_minutes": "3",
            "max_size_mb": "500",
            "criteria-0-name": "Osaaminen",
            "criteria-0-weight": "2",
            "criteria-0-max_score": "5",
        },
        ADMIN,
    ),
    ("GET", "/competitions/{cid}", None, SEES_COMPETITION),
    ("GET", "/competitions/{cid}/enter", None, ENTERS),
    (
        "POST",
        "/competitions/{cid}/enter",
        {"title": "CV", "pitch": "Minä", "consent": "y", "video": "video"},
        ENTERS,
    ),
    ("GET", "/competitions/entries/{eid}", None, only("entrant", "admin")),
    ("POST", "/competitions/entries/{eid}/video", {"video": "video"}, ENTRANT),
    ("POST", "/competitions/entries/{eid}/captions", {"transcript": "Hei vain"}, ENTRANT),
    ("GET", "/competitions/entries/{eid}/video.mp4", None, WATCHES),
    ("GET", "/competitions/entries/{eid}/poster.jpg", None, WATCHES),
    ("GET", "/competitions/entries/{eid}/captions.vtt", None, WATCHES),
    ("GET", "/competitions/{cid}/manage", None, ADMIN),
    ("POST", "/competitions/{cid}/judges", {"email": "uusi.tuomari@example.fi"}, ADMIN),
    ("POST", "/competitions/{cid}/assign", {}, ADMIN),
    ("GET", "/competitions/{cid}/results", None, ADMIN),
    ("GET", "/competitions/{cid}/results.csv", None, ADMIN),
    ("POST", "/competitions/{cid}/winners", {"prize_{pid}": "{eid}"}, ADMIN),
    ("POST", "/competitions/{cid}/publish", {}, ADMIN),
    # Only organisers; the entry's video is ready, so there is nothing to convert again.
    ("POST", "/competitions/entries/{eid}/retry", {}, only() | {"admin": CONFLICT}),
    ("GET", "/competitions/{cid}/judging", None, JUDGES),
    ("GET", "/competitions/{cid}/conflicts", None, JUDGES),
    ("GET", "/competitions/entries/{eid}/judge", None, only("judge_assigned")),
    (
        "POST",
        "/competitions/entries/{eid}/judge",
        {"criterion_{c1}": "4", "criterion_{c2}": "3", "comment": "Hyvä"},
        only("judge_assigned"),
    ),
    # The seat was offered to an address none of them has.
    ("GET", "/competitions/seats/{seat}", None, SIGNED_IN),
    ("POST", "/competitions/seats/{seat}", {}, only()),
    # Last, as they change who may do what. Blind judging names no one: conflicts are
    # reported per entry, never from a list of names.
    ("POST", "/competitions/{cid}/conflicts", {"entries": "{sid}"}, JUDGES_CONFLICT),
    ("POST", "/competitions/entries/{eid}/conflict", {}, only("judge_assigned")),
    ("POST", "/competitions/entries/{eid}/withdraw", {}, ENTRANT),
]

COVERED = {(method, path.split("{")[0].rstrip("/")) for method, path, _, _ in MATRIX}


def _outcome(response) -> str:
    if response.status_code == 403:
        return FORBIDDEN
    if response.status_code == 409:
        return CONFLICT
    if response.status_code == 302 and response.headers["Location"].startswith("/login"):
        return LOGIN
    assert response.status_code < 400, response.status_code
    return OK


PEOPLE = {
    "entrant": "entrant",
    "other_student": "other_student",
    "judge_assigned": "judge",
    "judge_unassigned": "idle_judge",
    "judge_conflicted": "conflicted_judge",
    "admin": "admin",
}


@pytest.mark.parametrize("role", ROLES)
def test_route_access(client, data, world, videos, role):
    """One signed-in person walks the whole matrix in order (changes come last)."""
    from webapp.competitions.models import Competition

    with data() as session:
        competition = session.get(Competition, world.competition_id)
        values = {
            "cid": world.competition_id,
            "eid": world.entry_id,
            "sid": world.entrant.id,
            "pid": competition.prizes[0].id,
            "c1": competition.criteria[0].id,
            "c2": competition.criteria[1].id,
            "seat": world.seat_token,
        }
        competition.prizes[0].winner_entry_id = world.entry_id
    if role != "anonymous":
        assert log_in(client, getattr(world, PEOPLE[role]).email).status_code == 302
    token = page_token(client, "/login" if role == "anonymous" else "/")
    wrong = []
    for method, path, form, allowed in MATRIX:
        url = path.format(**values)
        if method == "GET":
            response = client.get(url)
            response.close()
        else:
            body = {key.format(**values): value.format(**values) for key, value in form.items()}
            body["csrf_token"] = token
            if body.get("video") == "video":
                body["video"] = (io.BytesIO(videos["mp4"].read_bytes()), "cv.mp4")
            response = client.post(url, data=body, content_type="multipart/form-data")
        got = _outcome(response)
        if got != allowed[role]:
            wrong.append((method, path, allowed[role], got, response.status_code))
    assert wrong == []


def test_a_missing_competition_or_entry_is_404(client, world):
    log_in(client, world.admin.email)
    for url in ("/competitions/999999", "/competitions/entries/999999/video.mp4"):
        assert client.get(url).status_code == 404
