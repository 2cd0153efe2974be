"""Badges: the wall and badge pages, teachers' badge admin, and the public Open Badges documents."""

from flask import Flask

from webapp.badges import admin, credentials, open_badges, signing, wall


def init_app(app: Flask) -> None:
    app.register_blueprint(wall.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(open_badges.bp)
    app.register_blueprint(credentials.bp)
    signing.init_app(app)
