"""Polku's web application: create_app() wires configuration, extensions and blueprints."""

from pathlib import Path

from flask import Flask
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from sqlalchemy import event
from sqlalchemy.engine import Engine

from webapp import config, errors, labels, markdown, security, static_files, storage
from webapp.extensions import babel, csrf, db, limiter, login_manager, migrate
from webapp.i18n import LANGUAGE_NAMES, role_label, select_locale

ROOT = Path(__file__).resolve().parent.parent
HTMX_VERSION = "2.0.11"


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

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None
    babel.init_app(app, locale_selector=select_locale)
    app.before_request(storage.allow_large_uploads)  # before CSRF reads the body
    app.teardown_request(storage.close_uploads)
    csrf.init_app(app)
    limiter.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    static_files.init_app(app)

    from webapp import auth, competitions  # noqa: F401 - auth registers the user loader
    from webapp.views import (
        accounts,
        admin,
        badge_admin,
        badges,
        community,
        home,
        open_badges,
        plans,
        quests,
        review,
        settings,
        teach,
    )

    for blueprint in (
        accounts.bp,
        home.bp,
        settings.bp,
        teach.bp,
        admin.bp,
        quests.bp,
        review.bp,
        plans.bp,
        badges.bp,
        badge_admin.bp,
        open_badges.bp,
        community.bp,
        competitions.bp,
    ):
        app.register_blueprint(blueprint)

    from webapp import notifications
    from webapp.views import pwa

    app.register_blueprint(pwa.bp)
    notifications.init_app(app)

    from webapp import cli

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
