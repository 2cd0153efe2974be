"""The installable app: manifest, service worker, offline page and icons."""

from flask import Flask

from webapp.pwa import routes


def init_app(app: Flask) -> None:
    app.register_blueprint(routes.bp)
