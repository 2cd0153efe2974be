"""Signed, expiring password-reset links that work once."""

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from quests.accounts import password_fingerprint
from quests.models import User
from webapp.extensions import db


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def make_token(user: User) -> str:
    return _serializer().dumps({"u": user.id, "f": password_fingerprint(user)})


def user_for_token(token: str) -> tuple[User | None, str]:
    """The user a link was made for, or None with why: "expired" or "invalid"."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except SignatureExpired:
        return None, "expired"
    except BadSignature:
        return None, "invalid"
    user = db.session.get(User, data.get("u")) if isinstance(data, dict) else None
    # A changed password changes the fingerprint: a used link stops working.
    if user is None or not user.active or password_fingerprint(user) != data.get("f"):
        return None, "invalid"
    return user, "ok"
