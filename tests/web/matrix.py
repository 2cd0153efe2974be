"""One way to walk an authorization matrix: every route of an area, for one role at a time.

A matrix is a list of rows `(method, path, form, who_may)`:
- `method` is "GET" or "POST";
- `path` may hold `{placeholders}`, filled from the test's values (`"/badges/{award}"`);
- `form` is None for a GET, a dict for a POST (keys and values may hold placeholders; a value
  that is exactly `"{name}"` where values[name] is an `Upload` sends that file), or
  `Json(payload)` for a JSON body;
- `who_may` maps each role of the area to the outcome expected: OK, LOGIN, FORBIDDEN, INVALID,
  CONFLICT or AWAY (a page that sends the person elsewhere, which is a refusal).

`Walk.as_role()` signs the person in once, then makes every request of the matrix from that
signed-in state and returns every mismatch at once. Each request runs in a savepoint that is
rolled back after it, its media files are put back as they were, and it starts from the cookie
the sign-in left, so no row disturbs another: a row may approve what the next row returns,
replace a video the next row plays, or sign the person out.
"""

import io
import json
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests import factories
from tests.conftest import CSRF_META, log_in
from tests.transactions import allow_savepoints
from webapp.extensions import db, limiter

OK, LOGIN, FORBIDDEN, INVALID, CONFLICT, AWAY = (
    "ok",
    "login",
    "forbidden",
    "invalid",
    "conflict",
    "away",
)


@dataclass(frozen=True)
class Upload:
    """A file field: sent fresh with each request."""

    filename: str
    content: bytes

    @classmethod
    def of(cls, path: Path) -> "Upload":
        return cls(path.name, path.read_bytes())


@dataclass(frozen=True)
class Json:
    """A JSON body, sent with the CSRF token in the X-CSRFToken header."""

    payload: dict


def outcome(response, method: str = "GET", path: str = "") -> str:
    """What a response means for access. A GET that redirects anywhere but to the login page
    (or to the page itself) refused the person; a POST that redirects did what was asked."""
    status = response.status_code
    location = response.headers.get("Location", "")
    if status == 403:
        return FORBIDDEN
    if status == 409:
        return CONFLICT
    if status == 422:
        return INVALID
    if status in (301, 302, 303, 307, 308):
        target = location.split("?")[0]
        if target.startswith("/login"):
            return LOGIN
        if method == "GET" and target not in (path, path.rstrip("/")):
            return AWAY
        return OK
    if status < 400:
        return OK
    return f"status {status}"


def covered(matrix) -> set:
    """The (method, path) pairs a matrix walks; test_every_route_is_in_a_matrix maps each to
    the full rule it reaches."""
    return {(method, path) for method, path, _, _ in matrix}


def cast(session) -> dict:
    """The people a matrix walks: a teacher and their student, another teacher and theirs,
    an entrepreneur, an employer and an admin."""
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
        "entrepreneur": factories.user(session, "entrepreneur"),
        "employer": factories.user(session, "employer"),
        "admin": factories.user(session, "admin"),
    }


def prepare(app) -> None:
    """Make an app's engine able to run a test in one transaction (call once per app)."""
    with app.app_context():
        allow_savepoints(db.engine)


class Walk:
    """One transaction for a whole test: what the test sets up, the sign-in and every request
    run on one connection, and nothing is committed to the database."""

    def __init__(self, app):
        self.app = app

    def __enter__(self):
        # Each walk starts with no request counted against a rate limit.
        limiter.reset()
        with self.app.app_context():
            self.engine = db.engine
            self.connection = self.engine.connect()
            self.transaction = self.connection.begin()
            # Every session of this app now joins this connection; while it is inside a
            # savepoint, a session's commit only releases a savepoint of its own.
            db.engines[None] = self.connection
        return self

    def __exit__(self, *exc):
        with self.app.app_context():
            db.engines[None] = self.engine
        self.transaction.rollback()
        self.connection.close()
        return False

    @contextmanager
    def _savepoint(self, keep: bool):
        savepoint = self.connection.begin_nested()
        try:
            yield
        finally:
            if savepoint.is_active:
                (savepoint.commit if keep else savepoint.rollback)()

    @contextmanager
    def _files_kept(self):
        """The media files as they were: a rolled-back request's uploads go, and what it
        deleted or replaced comes back (kept meanwhile as hard links, not copies)."""
        root = Path(self.app.config["MEDIA_ROOT"])
        before = _files_under(root)
        with tempfile.TemporaryDirectory(dir=root.parent) as kept:
            for n, path in enumerate(before):
                os.link(path, Path(kept) / str(n))
            try:
                yield
            finally:
                for path in _files_under(root) - before:
                    path.unlink()
                for n, path in enumerate(before):
                    if not path.exists():
                        path.parent.mkdir(parents=True, exist_ok=True)
                        os.link(Path(kept) / str(n), path)

    @contextmanager
    def setup(self):
        """`with walk.setup() as session:` adds rows that every request of the test sees."""
        with self._savepoint(keep=True), self.app.test_request_context():
            yield db.session
            db.session.commit()

    def signed_in(self, email: str | None):
        """A signed-in state: the session cookie and a CSRF token that goes with it."""
        client = self.app.test_client()
        with self._savepoint(keep=True):
            if email is not None:
                response = log_in(client, email)
                assert response.status_code == 302, f"{email} could not sign in"
            page = client.get("/login" if email is None else "/settings/")
        token = CSRF_META.search(page.get_data(as_text=True)).group(1)
        cookie = client.get_cookie(self.app.config["SESSION_COOKIE_NAME"])
        return (cookie.value if cookie else None), token

    def request(self, state, method: str, path: str, form, values: dict):
        """One request from a signed-in state, rolled back after; its outcome."""
        cookie, token = state
        client = self.app.test_client()
        if cookie is not None:
            client.set_cookie(self.app.config["SESSION_COOKIE_NAME"], cookie)
        url = path.format(**values)
        with self._files_kept(), self._savepoint(keep=False):
            try:
                if method == "GET":
                    with client.get(url) as response:
                        return outcome(response, method, url)
                with client.open(url, method=method, **_body(form, values, token)) as response:
                    return outcome(response, method, url)
            except Exception as error:  # noqa: BLE001 - reported with the other mismatches
                return f"raised {type(error).__name__}: {error}"

    def as_role(self, matrix, role: str, email: str | None, values: dict) -> list:
        """Sign in once as `email` (None: anonymous) and make every request of the matrix;
        the rows whose outcome is not what `who_may[role]` says."""
        state = self.signed_in(email)
        wrong = []
        for method, path, form, who_may in matrix:
            got = self.request(state, method, path, form, values)
            if got != who_may[role]:
                wrong.append(f"{role}: {method} {path} was {got}, expected {who_may[role]}")
        return wrong


def _files_under(root: Path) -> set:
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def _fill(value, values: dict):
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        upload = values.get(value[1:-1])
        if isinstance(upload, Upload):
            return (io.BytesIO(upload.content), upload.filename)
    return value.format(**values)


def _body(form, values: dict, token: str) -> dict:
    if isinstance(form, Json):
        return {
            "data": json.dumps(form.payload),
            "content_type": "application/json",
            "headers": {"X-CSRFToken": token},
        }
    fields = {key.format(**values): _fill(value, values) for key, value in (form or {}).items()}
    body = {"data": {**fields, "csrf_token": token}}
    if any(isinstance(value, tuple) for value in fields.values()):
        body["content_type"] = "multipart/form-data"
    return body
