"""Who may reach which route: every route, every role.

Each area keeps a test_authorization*.py with its own matrix and a COVERED set;
a route no matrix covers fails test_every_route_is_in_a_matrix.
"""

import importlib
from pathlib import Path

import pytest

from tests import factories
from tests.conftest import page_token

ROOT = Path(__file__).resolve().parents[2]
ROLES = ["anonymous", "student", "teacher", "entrepreneur", "employer", "admin"]
OK, REDIRECT_LOGIN, FORBIDDEN = "ok", "login", "forbidden"

EVERYONE = dict.fromkeys(ROLES, OK)
SIGNED_IN = {**dict.fromkeys(ROLES, OK), "anonymous": REDIRECT_LOGIN}
TEACHERS = {
    "anonymous": REDIRECT_LOGIN,
    "student": FORBIDDEN,
    "teacher": OK,
    "entrepreneur": FORBIDDEN,
    "employer": FORBIDDEN,
    "admin": OK,
}
ADMINS = {**dict.fromkeys(ROLES, FORBIDDEN), "anonymous": REDIRECT_LOGIN, "admin": OK}

# (method, path, form data, who may)
MATRIX = [
    ("GET", "/", None, EVERYONE),
    ("GET", "/healthz", None, EVERYONE),
    ("GET", "/login", None, EVERYONE),
    ("GET", "/signup", None, EVERYONE),
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
    ("POST", "/logout", {}, dict.fromkeys(ROLES, REDIRECT_LOGIN)),
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
    ("POST", "/settings/sessions/end", {}, SIGNED_IN),
    ("GET", "/teach/cohorts", None, TEACHERS),
    ("POST", "/teach/cohorts", {"name": "Uusi ryhmä"}, TEACHERS),
    ("GET", "/teach/cohorts/{cohort_id}", None, TEACHERS),
    ("GET", "/admin/invites", None, ADMINS),
    ("POST", "/admin/invites", {"email": "uusi@example.fi", "roles": "teacher"}, ADMINS),
]
# Signing in, and routes whose access is decided by the link, are tested in test_accounts.
LINK_ROUTES = {"/login", "/password/reset", "/invite", "/email/verify", "/signup/finish"}


# What this module's matrix covers, as (method, path up to its first variable part).
COVERED = {(method, path.split("{")[0].rstrip("/")) for method, path, _, _ in MATRIX} | {
    (method, path) for path in LINK_ROUTES for method in ("GET", "POST")
}


def _covered_everywhere() -> set:
    """COVERED from every authorization test module: each area keeps its own matrix."""
    covered = set()
    for path in Path(__file__).resolve().parents[1].rglob("test_authorization*.py"):
        module_name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        covered |= importlib.import_module(module_name).COVERED
    return covered


def test_every_route_is_in_a_matrix(app):
    covered = _covered_everywhere()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        prefix = rule.rule.split("<")[0].rstrip("/")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (method, prefix) in covered, f"{method} {rule.rule} has no authorization test"


def _outcome(response) -> str:
    location = response.headers.get("Location", "")
    if response.status_code == 403:
        return FORBIDDEN
    if response.status_code == 302 and location.startswith("/login"):
        return REDIRECT_LOGIN
    assert response.status_code < 400, response.status_code
    return OK


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "form", "allowed"), MATRIX, ids=lambda v: str(v)[:30])
def test_route_access(client, data, login_as, role, method, path, form, allowed):
    with data() as session:
        teacher = factories.user(session, "teacher")
        cohort = factories.cohort(session, teacher=teacher)
        values = {"cohort_id": cohort.id, "code": cohort.join_code}
    if role != "anonymous":
        person = login_as(role)
        if role in ("teacher", "admin") and "{cohort_id}" in path:
            # A teacher sees their own class; another teacher's class is tested below.
            with data() as session:
                cohort = factories.cohort(session, teacher=session.get(factories.User, person.id))
                values["cohort_id"] = cohort.id
    url = path.format(**values)
    if method == "GET":
        response = client.get(url)
    else:
        body = {key: value.format(**values) for key, value in form.items()}
        body["csrf_token"] = page_token(client, "/login" if role == "anonymous" else "/settings/")
        response = client.post(url, data=body)
    assert _outcome(response) == allowed[role]


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
