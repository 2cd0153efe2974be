"""The home page each person lands on, and the language switch."""

from flask import Flask

from webapp.home import routes


def init_app(app: Flask) -> None:
    app.register_blueprint(routes.bp)
