"""Accounts: signing in and up, invites, passwords and the person's own settings."""

from flask import Flask

from webapp.accounts import routes, settings


def init_app(app: Flask) -> None:
    app.register_blueprint(routes.bp)
    app.register_blueprint(settings.bp)
