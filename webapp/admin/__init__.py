"""The hub administrator's tools: invites."""

from flask import Flask

from webapp.admin import routes


def init_app(app: Flask) -> None:
    app.register_blueprint(routes.bp)
