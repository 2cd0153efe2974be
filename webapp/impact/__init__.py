"""/impact: the hub's figures per month for administrators and teachers, as accessible SVG
charts drawn on the server, data tables and CSV downloads."""

from flask import Flask

from webapp.impact import routes


def init_app(app: Flask) -> None:
    app.register_blueprint(routes.bp)
