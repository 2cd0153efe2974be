"""Who may reach which route: every route, every role.

Each area keeps a test_authorization*.py with its own matrix and a COVERED set;
a route no matrix covers fails test_every_route_is_in_a_matrix.
"""

import importlib
import re
from pathlib import Path

import pytest
from werkzeug.exceptions import HTTPException

from tests import factories
from tests.web.matrix import AWAY, FORBIDDEN, LOGIN, OK, cast, covered

ROOT = Path(__file__).resolve().parents[2]
ROLES = ["anonymous", "student", "teacher", "entrepreneur", "employer", "admin"]

EVERYONE = dict.fromkeys(ROLES, OK)
SIGNED_IN = {**dict.fromkeys(ROLES, OK), "anonymous": LOGIN}
TEACHERS = {
    "anonymous": LOGIN,
    "student": FORBIDDEN,
    "teacher": OK,
    "entrepreneur": FORBIDDEN,
    "employer": FORBIDDEN,
    "admin": OK,
}
ADMINS = {**dict.fromkeys(ROLES, FORBIDDEN), "anonymous": LOGIN, "admin": OK}
# Someone signed in who opens the login or signup page is sent home.
SIGNED_OUT = {**dict.fromkeys(ROLES, AWAY), "anonymous": OK}

# (method, path, form data, who may)
MATRIX = [
    ("GET", "/", None, EVERYONE),
    ("GET", "/healthz", None, EVERYONE),
    ("GET", "/login", None, SIGNED_OUT),
    ("GET", "/signup", None, SIGNED_OUT),
    ("GET", "/password/forgot", None, EVERYONE),
    ("POST", "/password/forgot", {"email": "kuka@example.fi"}, EVERYONE),
    (
        "POST",
        "/signup",
        {
            "join_code": "{code}",
            "name": "Uusi Opiskelija",
            "email": "uusi@example.fi",
            "password": "salasana-123",
        },
        EVERYONE,
    ),
    ("POST", "/language", {"locale": "fi"}, EVERYONE),
    # Signing out always ends on the login page.
    ("POST", "/logout", {}, dict.fromkeys(ROLES, LOGIN)),
    ("GET", "/settings/", None, SIGNED_IN),
    ("POST", "/settings/profile", {"name": "Uusi Nimi", "locale": "fi"}, SIGNED_IN),
    (
        "POST",
        "/settings/password",
        {
            "current_password": factories.PASSWORD,
            "password": "uusi-salasana-9",
            "confirm": "uusi-salasana-9",
        },
        SIGNED_IN,
    ),
    ("POST", "/settings/cohorts", {"join_code": "{code}"}, SIGNED_IN),
    ("POST", "/settings/email/verify", {}, SIGNED_IN),
    # Signing out everywhere ends this session too: it always ends on the login page.
    ("POST", "/settings/sessions/end", {}, dict.fromkeys(ROLES, LOGIN)),
    ("GET", "/teach/cohorts", None, TEACHERS),
    ("POST", "/teach/cohorts", {"name": "Uusi ryhmä"}, TEACHERS),
    ("GET", "/teach/cohorts/{cohort_id}", None, TEACHERS),
    ("GET", "/admin/invites", None, ADMINS),
    ("POST", "/admin/invites", {"email": "uusi@example.fi", "roles": "teacher"}, ADMINS),
]
# Signing in, and routes whose access is decided by the link, are tested in test_accounts.
LINK_ROUTES = {("POST", "/login"), ("GET", "/email/verify/{token}")} | {
    (method, path)
    for path in ("/password/reset/{token}", "/invite/{token}", "/signup/finish/{token}")
    for method in ("GET", "POST")
}
COVERED = covered(MATRIX) | LINK_ROUTES


def _covered_everywhere() -> set:
    """COVERED from every authorization test module: each area keeps its own matrix."""
    covered = set()
    for path in Path(__file__).resolve().parents[1].rglob("test_authorization*.py"):
        module_name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        covered |= importlib.import_module(module_name).COVERED
    return covered


def _rule_of(adapter, method: str, path: str) -> str:
    """The full rule a matrix path reaches, its {placeholders} standing for any value."""
    try:
        rule, _ = adapter.match(re.sub(r"\{[^}]*\}", "1", path), method=method, return_rule=True)
    except HTTPException as error:
        raise AssertionError(f"{method} {path} of a matrix reaches no route: {error}") from None
    return rule.rule


def test_every_route_is_in_a_matrix(app):
    """Keyed on the full rule and method: a matrix row for /badges does not cover
    /badges/<public_id>."""
    adapter = app.url_map.bind("localhost")
    walked = {(method, _rule_of(adapter, method, path)) for method, path in _covered_everywhere()}
    missing = [
        f"{method} {rule.rule}"
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
        if (method, rule.rule) not in walked
    ]
    assert missing == [], "routes no authorization matrix walks"


@pytest.mark.parametrize("role", ROLES)
def test_route_access(walk, role):
    with walk.setup() as session:
        people = cast(session)
        # A class of someone else's, to join by its code.
        joinable = factories.cohort(session, teacher=factories.user(session, "teacher"))
        # A teacher opens their own class, an admin any class.
        own = factories.cohort(session, teacher=people["teacher"])
        values = {"cohort_id": own.id, "code": joinable.join_code}
        email = None if role == "anonymous" else people[role].email
    assert walk.as_role(MATRIX, role, email, values) == []


def test_a_teacher_cannot_open_another_teachers_class(client, data, login_as):
    with data() as session:
        cohort_id = factories.cohort(session, teacher=factories.user(session, "teacher")).id
    login_as("teacher")
    assert client.get(f"/teach/cohorts/{cohort_id}").status_code == 403
    assert client.get("/teach/cohorts/999999").status_code == 404


def test_an_admin_opens_any_class(client, data, login_as):
    with data() as session:
        cohort_id = factories.cohort(session, teacher=factories.user(session, "teacher")).id
    login_as("admin")
    assert client.get(f"/teach/cohorts/{cohort_id}").status_code == 200


def test_htmx_request_without_login_is_told_where_to_go(client):
    response = client.get("/settings/", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login")
