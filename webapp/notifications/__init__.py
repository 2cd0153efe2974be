"""Notifications in the web: the inbox, settings, Web Push delivery and deadline reminders.

Other modules create notifications with quests.notifications.notify() inside
their transaction; everything else about them lives here.
"""

from flask import Flask

from webapp.notifications.inbox import unread_notifications


def init_app(app: Flask) -> None:
    from webapp.notifications import push, views

    app.config.setdefault("PUSH_RETRY_DELAYS", (5, 30, 120))
    # Only tests point subscriptions at a stand-in push service on 127.0.0.1.
    app.config.setdefault("PUSH_ALLOW_LOOPBACK", False)
    app.register_blueprint(views.bp)
    push.init_session_events()
    app.add_template_global(unread_notifications)
