"""Who may reach the badge routes. Public Open Badges pages need no login; the rest do."""

import io
from datetime import UTC, datetime

import pytest
from werkzeug.datastructures import FileStorage

from quests import badge_applications, badges
from tests import factories
from tests.web.matrix import FORBIDDEN, INVALID, LOGIN, OK, cast, covered
from webapp import storage

ROLES = ["anonymous", "student", "other_student", "teacher", "other_teacher", "employer", "admin"]


def allowed(*roles, otherwise=FORBIDDEN):
    return {role: OK if role in roles else otherwise for role in ROLES} | {"anonymous": LOGIN}


EVERYONE = dict.fromkeys(ROLES, OK)
SIGNED_IN = allowed(*ROLES[1:])
AWARDERS = allowed("teacher", "other_teacher", "admin")
DECIDERS = allowed("teacher", "admin")

MATRIX = [
    ("GET", "/badges", None, SIGNED_IN),
    ("GET", "/badges/{award}", None, allowed("student", "teacher", "admin")),
    ("POST", "/badges/{award}/privacy", {"show_name": "y"}, allowed("student")),
    ("POST", "/badges/{award}/revoke", {"reason": "Virhe"}, DECIDERS),
    ("POST", "/badges/{award}/suspend", {}, DECIDERS),
    ("POST", "/badges/{suspended}/resume", {}, DECIDERS),
    ("GET", "/badges/{award}/credential.jwt", None, allowed("student", "teacher", "admin")),
    ("GET", "/badges/{award}/credential.json", None, allowed("student", "teacher", "admin")),
    ("GET", "/badges/{award}/credential.png", None, allowed("student", "teacher", "admin")),
    (
        "POST",
        "/badges/did",
        {"did": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"},
        SIGNED_IN,
    ),
    ("GET", "/badges/apply/{open_badge}", None, SIGNED_IN),
    ("POST", "/badges/apply/{open_badge}", {"text": "Ansaitsin sen."}, SIGNED_IN),
    ("GET", "/teach/badges", None, AWARDERS),
    ("GET", "/teach/badges/new", None, AWARDERS),
    (
        "POST",
        "/teach/badges/new",
        {
            "name": "Uusi",
            "description": "Kuvaus",
            "criteria": "Kriteerit",
            "colour": "#123456",
            "rule": "",
            "rule_kind": "",
        },
        AWARDERS,
    ),
    ("GET", "/teach/badges/{badge}/award", None, AWARDERS),
    (
        "POST",
        "/teach/badges/{badge}/award",
        {"students": "{student}", "narrative": "Hyvä"},
        # An administrator picks a class first (?cohort=), so without one nobody is listed.
        allowed("teacher") | {"other_teacher": INVALID, "admin": INVALID},
    ),
    ("GET", "/teach/badges/applications", None, AWARDERS),
    ("POST", "/teach/badges/applications/{application}/accept", {}, DECIDERS),
    ("POST", "/teach/badges/applications/{application}/decline", {"reason": "Ei vielä"}, DECIDERS),
    ("GET", "/teach/badges/applications/{application}/file", None, DECIDERS),
    ("GET", "/ob/issuer", None, EVERYONE),
    ("GET", "/ob/badges/{badge}", None, EVERYONE),
    ("GET", "/ob/badges/{badge}/image", None, EVERYONE),
    ("GET", "/ob/badges/{badge}/criteria", None, EVERYONE),
    ("GET", "/ob/assertions/{award}", None, EVERYONE),
    ("GET", "/verify/{award}", None, EVERYONE),
    ("GET", "/verify/{award}/badge.png", None, EVERYONE),
    ("GET", "/verify", None, EVERYONE),
    ("POST", "/verify", {"credential": "ei.jwt.muoto"}, EVERYONE),
    ("GET", "/.well-known/did.json", None, EVERYONE),
    ("GET", "/ob/status/revocation", None, EVERYONE),
    ("GET", "/ob/status/suspension", None, EVERYONE),
]
COVERED = covered(MATRIX)


def _award(session, public_id):
    from sqlalchemy import select

    from quests.badge_models import BadgeAward

    return session.scalar(select(BadgeAward).where(BadgeAward.public_id == public_id))


@pytest.mark.parametrize("role", ROLES)
def test_route_access(walk, role):
    now = datetime.now(UTC)
    with walk.setup() as session:
        people = cast(session)
        teacher, student = people["teacher"], people["student"]
        earned = factories.badge_class(session, teacher, name="Ansaittu")
        applied = factories.badge_class(session, teacher, name="Haettu", allow_repeats=True)
        open_badge = factories.badge_class(session, teacher, name="Avoin")
        paused = factories.badge_class(session, teacher, name="Keskeytetty")
        award = badges.award_by_hand(
            session,
            actor=teacher,
            badge=earned,
            students=[student],
            quest_ids=[],
            narrative="",
            now=now,
        )
        badges.award_by_hand(
            session,
            actor=teacher,
            badge=paused,
            students=[student],
            quest_ids=[],
            narrative="",
            now=now,
        )
        suspended = session.scalars(factories.select_awards(student.id)).first()
        badges.suspend(session, actor=teacher, award=_award(session, suspended), now=now)
        saved = storage.save(FileStorage(io.BytesIO(b"%PDF-1.4 kanvaasi"), "kanvaasi.pdf"), "file")
        application = badge_applications.apply(
            session,
            student=student,
            badge=applied,
            text="Tein kanvaasin.",
            quest_ids=[],
            file=(saved.stored_name, saved.original_name, saved.content_type),
            now=now,
        )
        assert award.awarded
        award_id = next(
            public_id
            for public_id in session.scalars(factories.select_awards(student.id))
            if public_id != suspended
        )
        values = {
            "award": award_id,
            "suspended": suspended,
            "badge": applied.public_id,
            "open_badge": open_badge.public_id,
            "student": str(student.id),
            "application": application.id,
        }
        email = None if role == "anonymous" else people[role].email
    assert walk.as_role(MATRIX, role, email, values) == []
