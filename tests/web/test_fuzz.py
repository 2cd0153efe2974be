"""A seeded fuzzer: every route in url_map, every role, bad ids, query strings and bodies.

Whatever it sends, the answer is never a 5xx. A run is reproducible from its seed
(FUZZ_SEED); FUZZ_ROUNDS sets how many requests each route gets per role and method.
With TESTING, an unhandled exception propagates out of the test client instead of
becoming a 500: both count as failures here.
"""

import importlib
import json
import os
import pkgutil
import random
import re
from urllib.parse import quote, urlencode

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

import webapp
from quests.badge_models import BadgeAward, BadgeClass
from quests.models import Invite
from tests.conftest import _empty_tables
from webapp import demo
from webapp.extensions import db

SEED = int(os.environ.get("FUZZ_SEED", "14"))
ROUNDS = int(os.environ.get("FUZZ_ROUNDS", "2"))
ROLES = [None, *(email for _, email, _, _ in demo.PEOPLE)]
SKIP_METHODS = {"HEAD", "OPTIONS"}

IDS = [1, 2, 3, 4, 5, 7, 11, 0, 2**31 - 1, 2**31, 2**32 + 1, 2**63, 10**30]
TEXTS = [
    "",
    "x",
    "1",
    "0",
    "-1",
    "y",
    "on",
    "fi",
    "2026-13-45",
    "2026-12-01",
    str(2**31),
    str(2**63),
    "9" * 40,
    "1e309",
    "nan",
    "ä" * 300,
    "a\x00b",
    "\x00",
    "<script>alert(1)</script>",
    "https://example.com/x",
    "//evil.example",
    "a" * 20_000,
    "\ufffe",
    "🙂" * 10,
    "%s%n",
    "' OR 1=1 --",
]
QUERY_NAMES = ["page", "tab", "cohort", "state", "normalise", "next", "lang", "code", "q", "id"]
FILES = [
    b"",
    b"\x89PNG\r\n\x1a\n" + os.urandom(64),
    b"\x00\x00\x00\x18ftypmp42" + os.urandom(256),
    b"\x1a\x45\xdf\xa3" + os.urandom(128),
    b"%PDF-1.4\n" + os.urandom(64),
    b"WEBVTT\n\n00:00.000 --> 00:01.000\nhei\n",
    os.urandom(512),
]


def _form_fields() -> tuple[list[str], list[str]]:
    """Every field name of every form in webapp, and which of them take files."""
    for module in pkgutil.walk_packages(webapp.__path__, "webapp."):
        importlib.import_module(module.name)
    names, files = set(), set()
    stack = list(FlaskForm.__subclasses__())
    while stack:
        form = stack.pop()
        stack.extend(form.__subclasses__())
        for name, value in vars(form).items():
            field_class = getattr(value, "field_class", None)
            if field_class is None:
                continue
            (files if "File" in field_class.__name__ else names).add(name)
    return sorted(names), sorted(files)


FIELDS, FILE_FIELDS = _form_fields()


def _value(rng: random.Random, pool: list) -> str:
    return str(rng.choice(pool))


def _path(rng: random.Random, rule, strings: list[str]) -> str:
    def fill(match):
        converter, name = match.group(1) or "", match.group(2)
        if converter.startswith("int"):
            return str(rng.choice(IDS))
        if converter.startswith("any"):
            options = re.findall(r"\w+", converter[3:])
            return rng.choice([*options, "other"])
        if name == "extension":
            return rng.choice(["png", "svg", "exe", "%00"])
        value = rng.choice([*strings, *TEXTS[:12], "\x00", "ä"])
        return quote(value, safe="")

    return re.sub(r"<(?:([^:>]+):)?(\w+)>", fill, rule.rule)


def _query(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return ""
    pairs = [(rng.choice(QUERY_NAMES), _value(rng, TEXTS)) for _ in range(rng.randint(1, 3))]
    return "?" + urlencode(pairs)


def _body(rng: random.Random) -> dict:
    """Keyword arguments for the test client: a form, multipart, JSON or raw bytes."""
    kind = rng.choice(["form", "form", "multipart", "json", "raw", "none"])
    fields = {name: _value(rng, TEXTS) for name in rng.sample(FIELDS, rng.randint(1, 8))}
    if kind == "form":
        return {"data": fields}
    if kind == "multipart":
        for name in rng.sample(FILE_FIELDS, rng.randint(1, 2)):
            fields[name] = FileStorage(
                stream=__import__("io").BytesIO(rng.choice(FILES)),
                filename=rng.choice(["video.mp4", "kuva.png", "a\x00.png", "", "../../x.vtt"]),
            )
        return {"data": fields, "content_type": "multipart/form-data"}
    if kind == "json":
        document = rng.choice([7, "text", None, [1, 2], True, fields, {"endpoint": 5}])
        return {"data": json.dumps(document), "content_type": "application/json"}
    if kind == "raw":
        return {
            "data": os.urandom(rng.randint(0, 300)),
            "content_type": rng.choice(["text/plain", "application/octet-stream", "", "x/y"]),
        }
    return {}


def _signed_in(client, email: str | None) -> None:
    if email is None:
        return
    with client.session_transaction() as session:
        if session.get("_user_id"):
            return
    client.post("/login", data={"email": email, "password": demo.DEMO_PASSWORD})


@pytest.fixture
def fuzz_app(make_app):
    # Rate limits stay on (a 429 is a fine answer; and Flask-Limiter is one object for all
    # apps, so switching it off here would switch it off for the tests that follow).
    app = make_app(WTF_CSRF_ENABLED=False, JOBS_EAGER=True)
    with app.app_context():
        list(demo.seed(db.session))
        db.session.commit()
    yield app
    _empty_tables(app)


def test_no_request_gets_a_server_error(fuzz_app):
    rng = random.Random(SEED)
    with fuzz_app.app_context():
        strings = [
            *db.session.scalars(select(BadgeClass.public_id)),
            *db.session.scalars(select(BadgeAward.public_id)),
            *db.session.scalars(select(Invite.token_hash)),
        ][:20]
    rules = [rule for rule in fuzz_app.url_map.iter_rules() if rule.endpoint != "static"]
    plan = [
        (email, method, rule)
        for email in ROLES
        for rule in rules
        for method in sorted(rule.methods - SKIP_METHODS)
        for _ in range(ROUNDS)
    ]
    rng.shuffle(plan)
    clients = {email: fuzz_app.test_client() for email in ROLES}
    for number, client in enumerate(clients.values(), start=1):
        # Each its own address: one role's failed logins do not throttle another's.
        client.environ_base["REMOTE_ADDR"] = f"10.14.0.{number}"
    failures = []
    for email, method, rule in plan:
        client = clients[email]
        _signed_in(client, email)
        url = _path(rng, rule, strings) + _query(rng)
        headers = {"HX-Request": "true"} if rng.random() < 0.3 else {}
        body = _body(rng) if method != "GET" else {}
        try:
            response = client.open(url, method=method, headers=headers, **body)
            status = response.status_code
            response.close()
        except Exception as error:  # noqa: BLE001 - an unhandled error is what we look for
            status = f"{type(error).__name__}: {error}"[:300]
        if not isinstance(status, int) or status >= 500:
            failures.append((email or "anonymous", method, url[:120], headers, status))
    assert not failures, f"{len(failures)} of {len(plan)} failed:\n" + "\n".join(
        map(str, failures[:30])
    )
