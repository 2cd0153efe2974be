"""The video-CV competition: a module apart, using only accounts, notifications and jobs.

Students enter with a phone video; employers judge it on a rubric; the organiser
publishes the results. One blueprint, its routes in three modules by who uses them.
"""

from webapp.competitions import judge_views, organise_views  # noqa: F401 - they add routes
from webapp.competitions.views import bp

__all__ = ["bp"]
