"""How long a sign-in lasts, and ending it for real.

The login cookie carries the person's session token, not their id: renewing the
token ends every session made with the old one. Signing out renews it, so a copied
cookie stops working too. "Remember me" keeps one signed session cookie for
REMEMBERED_LIFETIME from the sign-in (Flask-Login's remember cookie carries no time,
so it is not used); otherwise a session ends after IDLE_TIMEOUT without requests,
and in any case after the absolute lifetime counted from the sign-in.
"""

import time
from datetime import timedelta

from flask import Flask, current_app, request, session
from flask_login import current_user, login_user, logout_user

from quests.models import User, new_session_token
from webapp.extensions import db

IDLE_TIMEOUT = timedelta(hours=12)
# A session that is not remembered still ends a day after signing in, however busy.
ABSOLUTE_LIFETIME = timedelta(hours=24)
REMEMBERED_LIFETIME = timedelta(days=30)
# Recording activity rewrites the cookie: at most this often.
SEEN_RESOLUTION = 300

SIGNED_IN_AT, SEEN_AT, REMEMBERED = "signed_in_at", "seen_at", "remembered"


def start(user: User, remember: bool = False) -> None:
    now = int(time.time())
    login_user(user)
    session.permanent = remember
    session[SIGNED_IN_AT] = now
    session[SEEN_AT] = now
    session[REMEMBERED] = remember


def end_everywhere(user: User) -> None:
    """Sign out this device and every other: each cookie made with the old token dies."""
    user.session_token = new_session_token()
    db.session.commit()
    logout_user()
    session.clear()


def _expired(now: int) -> bool:
    config = current_app.config
    signed_in, seen = session.get(SIGNED_IN_AT), session.get(SEEN_AT)
    if not isinstance(signed_in, int) or not isinstance(seen, int):
        return True
    if session.get(REMEMBERED):
        return now - signed_in > config["SESSION_REMEMBERED_LIFETIME"]
    return (
        now - seen > config["SESSION_IDLE_TIMEOUT"]
        or now - signed_in > config["SESSION_ABSOLUTE_LIFETIME"]
    )


def enforce_lifetime() -> None:
    """Before each request: an expired sign-in is ended, and the request goes on signed out."""
    if request.endpoint == "static":
        return  # no person is loaded for a file
    # Loading the person first: a remember cookie from before these rules signs in here
    # (and, carrying no time, is ended at once).
    if not current_user.is_authenticated:
        return
    now = int(time.time())
    if _expired(now):
        logout_user()
        session.clear()
        return
    if now - session[SEEN_AT] >= SEEN_RESOLUTION:
        session[SEEN_AT] = now


def init_app(app: Flask) -> None:
    app.config.setdefault("SESSION_IDLE_TIMEOUT", int(IDLE_TIMEOUT.total_seconds()))
    app.config.setdefault("SESSION_ABSOLUTE_LIFETIME", int(ABSOLUTE_LIFETIME.total_seconds()))
    app.config.setdefault("SESSION_REMEMBERED_LIFETIME", int(REMEMBERED_LIFETIME.total_seconds()))
    app.config["PERMANENT_SESSION_LIFETIME"] = app.config["SESSION_REMEMBERED_LIFETIME"]
    app.before_request(enforce_lifetime)
