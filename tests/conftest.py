"""Fixtures: a migrated test database, a fresh app per test, and login through the real form.

Tests run on SQLite by default and on PostgreSQL when TEST_DATABASE_URL is set.
"""

import os
import re
import threading
from contextlib import contextmanager

import pytest
from flask_migrate import upgrade
from jinja2 import BytecodeCache
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from sqlalchemy import create_engine, event, text
from werkzeug.serving import make_server

# Set before the app reads its configuration, so no secret is written to the instance folder.
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")

# Argon2 is slow on purpose (a third of a second a login on this machine); the tests sign in
# hundreds of times, so they hash with the cheapest parameters. The algorithm is the same.
# Every app reads it from the environment; domain tests, which build no app, are told here.
os.environ.setdefault("PASSWORD_HASH_PROFILE", "CHEAPEST")

from quests import passwords  # noqa: E402

passwords.configure(os.environ["PASSWORD_HASH_PROFILE"])

from quests import signing_keys  # noqa: E402
from quests.models import Base  # noqa: E402
from tests import factories  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp.extensions import db, limiter  # noqa: E402

# One Open Badges 3.0 signing key for the run, so no key is written to the instance folder.
BADGE_KEY = signing_keys.generate_pem()
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    return url


def make_config(database_url, tmp_path, **overrides):
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "OUTBOX_DIR": str(tmp_path / "outbox"),
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "SERVER_NAME": None,
        "BADGE_SIGNING_KEY": BADGE_KEY,
        "PUBLIC_URL": "http://localhost:5000",
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def migrated(database_url, tmp_path_factory):
    """The schema, made the only way production makes it: by the migrations."""
    app = create_app(make_config(database_url, tmp_path_factory.mktemp("migrate")))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return database_url


def _empty_tables(app):
    with app.app_context(), db.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


class TemplateCache(BytecodeCache):
    """Compiled templates kept in memory for the whole test run, shared by every app:
    a template compiles once, not once per app. Jinja checks each template's source checksum."""

    def __init__(self):
        self.compiled = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = TemplateCache()
# Apps made so far, by their settings, with what a test may change on them.
_apps: dict[str, tuple] = {}


def _per_test(tmp_path) -> dict:
    return {"MEDIA_ROOT": str(tmp_path / "media"), "OUTBOX_DIR": str(tmp_path / "outbox")}


@pytest.fixture
def make_app(migrated, tmp_path):
    """An app on the test database with changed settings.

    Making an app takes a third of a second (Werkzeug compiles every route), so an app is
    made once per set of settings and environment, and lent to each test that asks for the
    same: with its settings, static and instance folders as made, the test's own media and
    outbox folders, no request counted against a rate limit, and its connections closed after.
    """
    lent = []

    def make(**overrides):
        # The app also reads the environment, which a test may change.
        key = repr((sorted(overrides.items()), sorted(os.environ.items())))
        if key not in _apps:
            app = create_app(make_config(migrated, tmp_path, **overrides))
            app.jinja_env.bytecode_cache = TEMPLATES
            _apps[key] = (app, dict(app.config), app.static_folder, app.instance_path)
        app, settings, static_folder, instance_path = _apps[key]
        app.config.clear()
        app.config.update(settings)
        app.config.update({k: v for k, v in _per_test(tmp_path).items() if k not in overrides})
        limiter.reset()
        lent.append(key)
        return app

    yield make
    for key in lent:
        app, _, static_folder, instance_path = _apps[key]
        app.static_folder, app.instance_path = static_folder, instance_path
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    app = make_app()
    yield app
    _empty_tables(app)


@pytest.fixture
def session(app):
    """A session for domain tests. Web tests use `data` instead: a request must not
    share this app context (and its `g`) with the test."""
    with app.app_context():
        yield db.session
        db.session.rollback()


@pytest.fixture
def data(app):
    """`with data() as session:` sets up rows for a web test and commits them."""

    @contextmanager
    def setup():
        with app.app_context():
            yield db.session
            db.session.commit()

    return setup


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_from(response) -> str:
    match = CSRF_META.search(response.get_data(as_text=True))
    assert match, "page has no csrf-token meta tag"
    return match.group(1)


def page_token(client, path="/login") -> str:
    return csrf_from(client.get(path))


def log_in(client, email, password=factories.PASSWORD, remember=False):
    data = {"csrf_token": page_token(client), "email": email, "password": password}
    if remember:
        data["remember"] = "y"
    return client.post("/login", data=data)


@pytest.fixture
def make_user(app):
    """Create a person and commit, outside any request."""

    def make(*roles, **fields):
        with app.app_context():
            user = factories.user(db.session, *roles, **fields)
            db.session.commit()
            return factories.Person(user.id, user.email, factories.PASSWORD)

    return make


@pytest.fixture
def login_as(client, make_user):
    """Sign in as a new person with these roles, through the real login form."""

    def login(*roles, **fields):
        person = make_user(*roles, **fields)
        response = log_in(client, person.email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return person

    return login


@pytest.fixture
def count_queries(app):
    """Counts the SQL statements run while the block inside runs."""

    class Counter:
        def __init__(self):
            self.count = 0

        def __enter__(self):
            self.count = 0
            return self

        def __exit__(self, *exc):
            return False

    counter = Counter()

    def on_execute(*args, **kwargs):
        counter.count += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", on_execute)
    yield counter
    event.remove(engine, "before_cursor_execute", on_execute)


@pytest.fixture
def redis_url():
    """A Redis database for one test (TEST_REDIS_URL, else database 15 on 127.0.0.1), empty
    before and after it. Without Redis the test is skipped, except on CI, where it fails."""
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    connection = Redis.from_url(url)
    try:
        connection.ping()
    except RedisConnectionError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is not answering at {url}")
        pytest.skip(f"Redis is not answering at {url}")
    connection.flushdb()
    yield url
    connection.flushdb()
    connection.close()


@pytest.fixture
def live_server(app):
    """The test app served over HTTP on a free port of 127.0.0.1, for browsers and validators."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
