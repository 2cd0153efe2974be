"""Who may reach which route of the competition: every route, every relation to an entry.

The roles are relations, not just role names: the student who entered, another
student, a judge the entry is assigned to, a judge of the same competition it is
not assigned to, a judge who declared a conflict with it, and the organiser.
"""

import pytest

from tests.conftest import log_in
from tests.web.competitions.conftest import build_world
from tests.web.matrix import CONFLICT, FORBIDDEN, LOGIN, OK, Upload, covered
from webapp.competitions.models import Competition

ROLES = [
    "anonymous",
    "entrant",
    "other_student",
    "judge_assigned",
    "judge_unassigned",
    "judge_conflicted",
    "admin",
]


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

# (method, path, form or None, who may); {video} is a small real video.
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
        {"title": "CV", "pitch": "Minä", "consent": "y", "video": "{video}"},
        ENTERS,
    ),
    ("GET", "/competitions/entries/{eid}", None, only("entrant", "admin")),
    ("POST", "/competitions/entries/{eid}/video", {"video": "{video}"}, ENTRANT),
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
    ("GET", "/competitions/{cid}/conflicts", None, JUDGES_CONFLICT),
    ("POST", "/competitions/{cid}/conflicts", {"entries": "{sid}"}, JUDGES_CONFLICT),
    ("POST", "/competitions/entries/{eid}/conflict", {}, only("judge_assigned")),
    ("POST", "/competitions/entries/{eid}/withdraw", {}, ENTRANT),
]

COVERED = covered(MATRIX)


PEOPLE = {
    "entrant": "entrant",
    "other_student": "other_student",
    "judge_assigned": "judge",
    "judge_unassigned": "idle_judge",
    "judge_conflicted": "conflicted_judge",
    "admin": "admin",
}


@pytest.mark.parametrize("role", ROLES)
def test_route_access(walk, videos, role):
    """One signed-in person walks the whole matrix."""
    with walk.setup() as session:
        world = build_world(session)
        competition = session.get(Competition, world.competition_id)
        values = {
            "cid": world.competition_id,
            "eid": world.entry_id,
            "sid": world.entrant.id,
            "pid": competition.prizes[0].id,
            "c1": competition.criteria[0].id,
            "c2": competition.criteria[1].id,
            "seat": world.seat_token,
            "video": Upload.of(videos["mp4"]),
        }
        competition.prizes[0].winner_entry_id = world.entry_id
        email = None if role == "anonymous" else getattr(world, PEOPLE[role]).email
    assert walk.as_role(MATRIX, role, email, values) == []


def test_a_missing_competition_or_entry_is_404(client, world):
    log_in(client, world.admin.email)
    for url in ("/competitions/999999", "/competitions/entries/999999/video.mp4"):
        assert client.get(url).status_code == 404
