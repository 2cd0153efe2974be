"""The video-CV competition: a module apart, using only accounts, notifications and jobs.

Students enter with a phone video; employers judge it on a rubric; the organiser
publishes the results. One blueprint, its routes in three modules by who uses them.
"""

from flask import Flask

from quests import reminders as reminder_sources
from webapp.competitions import judge_views, organise_views, reminders  # noqa: F401 - they add routes
from webapp.competitions.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    reminder_sources.register_source(reminders.judging_closes_tomorrow)
