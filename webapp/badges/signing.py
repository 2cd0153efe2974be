"""Open Badges 3.0 in the web layer: the hub's signing key, where a credential's links
point, and signing each new award as its transaction commits.

The private key comes from BADGE_SIGNING_KEY in the environment, else from
badge_signing_key.pem in the instance folder, which is created on first use
(`flask --app webapp badges init-key` creates it ahead of time, `rotate-key` replaces it).
Every credential's links start with PUBLIC_URL, the hub's address as the world sees it,
and the issuer is did:web of its host, whose document lives at /.well-known/did.json.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import quote, urlsplit

from flask import Flask, current_app
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from quests import credentials, signing_keys, status_list
from quests.badge_models import BadgeAward, BadgeClass, new_credential_id
from quests.clock import utcnow
from webapp.extensions import db

KEY_FILE = "badge_signing_key.pem"
PENDING = "polku_new_awards"


def key_path(app: Flask) -> Path:
    return Path(app.instance_path) / KEY_FILE


def write_key(path: Path, pem: str, *, replace: bool = False) -> bool:
    """Write a private key readable by its owner only; False when one exists (and not replace).

    The key is written whole to a temporary file first, so no process ever reads half a key:
    os.link puts it in place only if no key is there (two processes signing their first badge
    at once keep one key), os.replace swaps it in for a rotation."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(pem)
    if replace:
        temporary.replace(path)
        return True
    try:
        os.link(temporary, path)
    except FileExistsError:
        return False
    finally:
        temporary.unlink(missing_ok=True)
    return True


def current_key(app: Flask) -> signing_keys.IssuerKey:
    cached = app.extensions.get("polku_badge_key")
    if cached is None:
        text = app.config.get("BADGE_SIGNING_KEY")
        if not text:
            path = key_path(app)
            if not path.exists():
                write_key(path, signing_keys.generate_pem())
            text = path.read_text()
        cached = app.extensions["polku_badge_key"] = signing_keys.load(text)
    return cached


def forget_key(app: Flask) -> None:
    app.extensions.pop("polku_badge_key", None)


def public_url(app: Flask) -> str:
    return app.config["PUBLIC_URL"].rstrip("/")


def issuer_did(app: Flask) -> str:
    """did:web of the hub's host (a port is percent-encoded, as did:web says)."""
    return "did:web:" + quote(urlsplit(public_url(app)).netloc, safe="")


class CredentialUrls:
    def __init__(self, base: str):
        self.base = base

    def achievement(self, badge: BadgeClass) -> str:
        return f"{self.base}/ob/badges/{badge.public_id}"

    def image(self, badge: BadgeClass) -> str:
        return f"{self.base}/ob/badges/{badge.public_id}/image"

    def criteria(self, badge: BadgeClass) -> str:
        return f"{self.base}/ob/badges/{badge.public_id}/criteria"

    def status_list(self, purpose: str) -> str:
        return f"{self.base}/ob/status/{purpose}"


def urls(app: Flask) -> CredentialUrls:
    return CredentialUrls(public_url(app))


def issuer(app: Flask) -> credentials.Issuer:
    config = app.config
    return credentials.Issuer(
        did=issuer_did(app),
        name=config["BADGE_ISSUER_NAME"],
        url=config["BADGE_ISSUER_URL"] or public_url(app) + "/",
    )


def issue(session: Session, award: BadgeAward, app: Flask) -> str:
    """Sign the award's credential with the current key and keep it on the award."""
    key = current_key(app)
    signing_keys.register(session, key, utcnow())
    if award.credential_id is None:
        award.credential_id = new_credential_id()
    index = (
        award.status_entry.status_index
        if award.status_entry is not None
        else status_list.allocate(session, award)
    )
    document = credentials.build(award, issuer=issuer(app), urls=urls(app), status_index=index)
    award.credential_jwt = credentials.sign(document, key)
    return award.credential_jwt


def published_keys(session: Session, app: Flask) -> list[tuple[str, dict]]:
    return signing_keys.published(session, current_key(app))


def status_bits(session: Session):
    """For credentials.check: the decoded bitstring of each list, as the lists publish it."""
    lists = {}

    def bits(purpose: str) -> bytes:
        if purpose not in lists:
            indices = status_list.set_indices(session, purpose)
            lists[purpose] = status_list.decode(status_list.encode(indices))
        return lists[purpose]

    return bits


def check(token: str) -> credentials.Report:
    """Check a credential against this hub's published keys and status lists."""
    app = current_app._get_current_object()
    return credentials.check(
        token,
        issuer_did=issuer_did(app),
        keys=published_keys(db.session, app),
        status_bits=status_bits(db.session),
        now=utcnow(),
    )


def _remember_new_awards(session, flush_context, instances):
    new = [obj for obj in session.new if isinstance(obj, BadgeAward)]
    if new:
        session.info.setdefault(PENDING, []).extend(new)


def _sign_new_awards(session):
    if session.in_nested_transaction():
        return  # a savepoint is committing (SQLAlchemy tells those too): wait for the real one
    pending = session.info.pop(PENDING, []) + [
        obj for obj in session.new if isinstance(obj, BadgeAward)
    ]
    if not pending:
        return
    session.flush()  # public ids and status entries are set on insert
    for award in pending:
        state = inspect(award)
        if state.persistent and award.credential_jwt is None:
            issue(session, award, current_app)


def _forget_new_awards(session, transaction):
    # Only the outermost transaction: a savepoint, or the one a failed flush opens inside
    # it, ends without ending the awards made before it.
    if transaction.parent is None:
        session.info.pop(PENDING, None)


def init_app(app: Flask) -> None:
    if not event.contains(db.session, "before_commit", _sign_new_awards):
        event.listen(db.session, "before_flush", _remember_new_awards)
        event.listen(db.session, "before_commit", _sign_new_awards)
        event.listen(db.session, "after_transaction_end", _forget_new_awards)
