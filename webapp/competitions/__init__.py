"""The video-CV competition: a module apart, using only accounts, notifications and jobs.

Students enter with a phone video; employers judge it on a rubric; the organiser
publishes the results. One blueprint, its routes in three modules by who uses them.
"""

from webapp.competitions import judge_views, organise_views, reminders  # noqa: F401 - they register routes and reminders
from webapp.competitions.views import bp

__all__ = ["bp"]
