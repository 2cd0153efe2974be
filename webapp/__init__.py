"""Polku's web application: create_app() wires configuration, extensions and blueprints."""

from pathlib import Path

from flask import Flask
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from quests import passwords
from webapp import (
    accessibility,
    accounts,
    admin,
    auth,
    badges,
    cli,
    community,
    competitions,
    config,
    converters,
    errors,
    home,
    htmx,
    impact,
    labels,
    learning,
    markdown,
    notifications,
    privacy,
    pwa,
    request_guards,
    schema,  # noqa: F401 - every table, before anything uses the metadata
    security,
    sessions,
    static_files,
    storage,
    teach,
)
from webapp.extensions import babel, csrf, db, limiter, login_manager, migrate
from webapp.htmx import HTMX_VERSION
from webapp.i18n import LANGUAGE_NAMES, role_label, select_locale

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(config.load(Path(app.instance_path)))
    if test_config:
        app.config.from_mapping(test_config)
    hash_profile = app.config["PASSWORD_HASH_PROFILE"]
    passwords.configure(hash_profile)
    if hash_profile == passwords.TESTS_ONLY and not app.testing:
        app.logger.warning("PASSWORD_HASH_PROFILE=%s hashes passwords for tests only", hash_profile)

    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        # The client's own address and scheme, as the trusted proxies saw them.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)

    converters.init_app(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    auth.init_app(login_manager)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None
    sessions.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    app.before_request(storage.allow_large_uploads)  # before CSRF reads the body
    request_guards.init_app(app)
    app.teardown_request(storage.close_uploads)
    app.teardown_request(storage.discard_uncommitted)
    if not event.contains(db.session, "after_commit", storage.keep_uncommitted):
        event.listen(db.session, "after_commit", storage.keep_uncommitted)
    csrf.init_app(app)
    limiter.init_app(app)
    security.init_app(app)
    app.after_request(htmx.vary_on_htmx)
    errors.init_app(app)
    static_files.init_app(app)

    for feature in (
        accounts,
        home,
        learning,
        teach,
        badges,
        community,
        competitions,
        notifications,
        pwa,
        admin,
        accessibility,
        privacy,
        impact,
    ):
        feature.init_app(app)

    cli.init_app(app)

    app.add_template_filter(role_label)
    app.add_template_filter(markdown.render, "markdown")
    labels.init_app(app)

    @app.context_processor
    def page_globals():
        return {
            "current_locale": str(get_locale()),
            "language_names": LANGUAGE_NAMES,
            "htmx_version": HTMX_VERSION,
            "csrf_token": generate_csrf,
        }

    return app


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection, connection_record):
    # SQLite ignores foreign keys unless asked, per connection.
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
