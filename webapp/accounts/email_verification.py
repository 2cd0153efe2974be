"""Signed links that prove a person receives mail at their address.

An address typed at sign-up proves nothing: until its link is opened it is trusted
for nothing that is matched by email (judge seats, invites, community applications).
The link names the address it was sent to, so it stops working if the address changes.
"""

from datetime import datetime

from flask import current_app, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from quests.clock import utcnow
from quests.models import User
from webapp.extensions import db
from webapp.mail import send_template

MAX_AGE = 3 * 24 * 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="email-verification")


def make_token(user: User) -> str:
    return _serializer().dumps({"u": user.id, "e": user.email})


def send_link(user: User) -> None:
    link = url_for("accounts.verify_email", token=make_token(user), _external=True)
    send_template(user.email, "verify_email", user.locale, name=user.name, link=link)


def verify(token: str, now: datetime | None = None) -> tuple[User | None, str]:
    """Mark the address verified; the user, or None with why: "expired" or "invalid"."""
    try:
        data = _serializer().loads(token, max_age=MAX_AGE)
    except SignatureExpired:
        return None, "expired"
    except BadSignature:
        return None, "invalid"
    user = db.session.get(User, data.get("u")) if isinstance(data, dict) else None
    if user is None or not user.active or user.email != data.get("e"):
        return None, "invalid"
    if user.email_verified_at is None:
        user.email_verified_at = now or utcnow()
    return user, "ok"
