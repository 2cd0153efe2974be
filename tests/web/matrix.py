"""Shared pieces of the authorization matrices: what a response means, and one request."""

from tests import factories
from tests.conftest import log_in, page_token

OK, LOGIN, FORBIDDEN, INVALID = "ok", "login", "forbidden", "invalid"


def outcome(response) -> str:
    """ok, login (sent to the login page), forbidden (403) or invalid (422); else the test fails."""
    if response.status_code == 403:
        return FORBIDDEN
    if response.status_code == 422:
        return INVALID
    if response.status_code == 302 and response.headers["Location"].startswith("/login"):
        return LOGIN
    assert response.status_code < 400, response.status_code
    return OK


def request_as(app, email: str | None, method: str, path: str, form: dict | None, values: dict):
    """Sign in (unless email is None), make the request with {placeholders} filled, judge it."""
    client = app.test_client()
    if email is not None:
        log_in(client, email)
    url = path.format(**values)
    if method == "GET":
        with client.get(url) as response:
            return outcome(response)
    body = {key.format(**values): value.format(**values) for key, value in (form or {}).items()}
    body["csrf_token"] = page_token(client, "/login" if email is None else "/settings/")
    return outcome(client.post(url, data=body))


def cast(session) -> dict:
    """The people a matrix walks: a teacher and their student, another teacher and theirs,
    an employer and an admin."""
    teacher, student = factories.user(session, "teacher"), factories.user(session, "student")
    other_teacher = factories.user(session, "teacher")
    other_student = factories.user(session, "student")
    factories.cohort(session, teacher=teacher, students=[student])
    factories.cohort(session, teacher=other_teacher, students=[other_student])
    return {
        "teacher": teacher,
        "student": student,
        "other_teacher": other_teacher,
        "other_student": other_student,
        "employer": factories.user(session, "employer"),
        "admin": factories.user(session, "admin"),
    }
