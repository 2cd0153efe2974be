"""Who is signed in, and decorators that require a capability.

Object-level rules (may this teacher manage this class?) live in the domain.
"""

from functools import wraps
from urllib.parse import urlsplit

from flask import abort, current_app, redirect, request, url_for
from flask_login import LoginManager, current_user
from sqlalchemy import select

from quests.models import User
from quests.roles import Capability
from webapp.extensions import db
from webapp.htmx import is_htmx


def load_user(session_token: str) -> User | None:
    return db.session.scalar(
        select(User).where(User.session_token == session_token, User.active.is_(True))
    )


def unauthorized():
    target = url_for("accounts.login", next=request.full_path.rstrip("?"))
    if is_htmx():
        return "", 401, {"HX-Redirect": target}
    return redirect(target)


def init_app(login_manager: LoginManager) -> None:
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)


def capability_required(capability: Capability):
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if not current_user.can(capability):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def safe_next_url(target: str | None) -> str:
    """Only a path on this site, so a link cannot send someone elsewhere.

    Browsers drop tabs and newlines from URLs, so "/\t/evil.example" would leave the
    site; such characters (and backslashes) are refused outright.
    """
    if (
        target
        and target.startswith("/")
        and not any(ch in target for ch in "\\\t\r\n")
        and not target.startswith("//")
        and not urlsplit(target).netloc
    ):
        return target
    return url_for("home.index")
