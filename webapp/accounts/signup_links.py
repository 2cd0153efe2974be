"""Signing up finishes from a link mailed to the address, so the form's answer is the same
whether or not the address already has an account (nothing to learn by trying addresses).

The link carries what the form said, sealed: encrypted and signed with a key derived from
SECRET_KEY (Fernet), so the password's hash is never readable from a URL, and it expires.
Nothing is stored until the link is opened.
"""

import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app, url_for

from quests.passwords import hash_password
from webapp.mail import send_template

MAX_AGE = 3 * 24 * 3600


def _fernet() -> Fernet:
    secret = current_app.config["SECRET_KEY"].encode()
    key = hashlib.sha256(b"polku-sign-up:" + secret).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(*, cohort_id: int, email: str, name: str, password: str, locale: str | None) -> str:
    data = {"c": cohort_id, "e": email, "n": name, "p": hash_password(password), "l": locale}
    return _fernet().encrypt(json.dumps(data).encode()).decode()


def unseal(token: str) -> dict | None:
    try:
        data = json.loads(_fernet().decrypt(token.encode(), ttl=MAX_AGE))
    except (InvalidToken, ValueError):
        return None
    return data if isinstance(data, dict) else None


def send_link(email: str, name: str, token: str, locale: str | None) -> None:
    link = url_for("accounts.finish_signup", token=token, _external=True)
    send_template(email, "finish_signup", locale, name=name, link=link)


def send_already_registered(email: str, locale: str | None) -> None:
    send_template(
        email,
        "already_registered",
        locale,
        login=url_for("accounts.login", _external=True),
        reset=url_for("accounts.forgot_password", _external=True),
    )
