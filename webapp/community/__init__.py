"""The entrepreneur community: directory, applications, co-creation projects, leaderboard."""

from flask import Flask

from webapp.community import applications, leaderboard, projects  # noqa: F401 - they add routes
from webapp.community.blueprint import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
