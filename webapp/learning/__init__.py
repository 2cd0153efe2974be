"""Learning: the quest board and quests, evidence, the review queue and learning plans."""

from flask import Flask

from quests import due_reminders, reminders
from webapp.learning import plans, quests, review


def init_app(app: Flask) -> None:
    app.register_blueprint(quests.bp)
    app.register_blueprint(review.bp)
    app.register_blueprint(plans.bp)
    reminders.register_source(due_reminders.quests_due_tomorrow)
