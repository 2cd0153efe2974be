"""The accessibility statement (Act 306/2019) and its feedback channel with the admin queue."""

from flask import Flask

from webapp.accessibility import routes


def init_app(app: Flask) -> None:
    app.register_blueprint(routes.bp)
