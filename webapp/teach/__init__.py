"""The teacher's classes: creating them and their join codes."""

from flask import Flask

from webapp.teach import routes


def init_app(app: Flask) -> None:
    app.register_blueprint(routes.bp)
