"""Configuration read from the environment, with safe embedded defaults."""

import os
import secrets
from pathlib import Path

LANGUAGES = ("fi", "sv", "en")


def _secret_key(instance_path: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the instance folder."""
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two processes starting at once cannot both write a key.
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
    return key_file.read_text().strip()


def _database_url(instance_path: Path) -> str:
    url = os.environ.get("DATABASE_URL", f"sqlite:///{instance_path / 'polku.sqlite3'}")
    # Hosting platforms hand out postgres:// URLs; psycopg 3 is the driver we ship.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _vapid_private_key(instance_path: Path) -> str | None:
    """From the environment, else the file `flask --app webapp push init-keys` wrote."""
    key_file = instance_path / "vapid_private.pem"
    return os.environ.get("VAPID_PRIVATE_KEY") or (
        key_file.read_text() if key_file.exists() else None
    )


def load(instance_path: Path) -> dict:
    redis_url = os.environ.get("REDIS_URL") or None
    debug = os.environ.get("FLASK_DEBUG") == "1"
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "MEDIA_ROOT": os.environ.get("MEDIA_ROOT", str(instance_path / "media")),
        "OUTBOX_DIR": os.environ.get("OUTBOX_DIR", str(instance_path / "outbox")),
        "REDIS_URL": redis_url,
        # How many reverse proxies in front of the app append X-Forwarded-For/-Proto: 0 (the
        # default) trusts no such header; 1 behind one nginx. Never more than really exist:
        # a client could otherwise choose the address it is throttled by.
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        # Redis down: limits are kept in this process until it answers again (checked at
        # 1, 2, 4 ... 32 s), instead of every limited POST failing. Short timeouts, so a
        # Redis that hangs costs a request half a second, not the worker.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        "MAIL_SERVER": os.environ.get("MAIL_SERVER") or None,
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "587")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": os.environ.get("MAIL_USE_TLS", "1") == "1",
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Polku <polku@localhost>"),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", str(16 * 1024 * 1024))),
        "BABEL_DEFAULT_LOCALE": "fi",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Helsinki",
        "LANGUAGES": LANGUAGES,
        "PASSWORD_RESET_MAX_AGE": 3600,
        # A name from quests.passwords.PROFILES; the default is argon2-cffi's own.
        "PASSWORD_HASH_PROFILE": os.environ.get("PASSWORD_HASH_PROFILE", "RFC_9106_LOW_MEMORY"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": not debug,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": not debug,
        "REMEMBER_COOKIE_DURATION": 60 * 60 * 24 * 30,
        "WTF_CSRF_TIME_LIMIT": None,
        # Browsers that once saw the site over HTTPS never try plain HTTP again for a year.
        "HSTS_SECONDS": int(os.environ.get("HSTS_SECONDS", "0" if debug else "31536000")),
        "PREFERRED_URL_SCHEME": os.environ.get("PREFERRED_URL_SCHEME", "http"),
        # The issuer named in every Open Badge; its URL defaults to this site's front page.
        "BADGE_ISSUER_NAME": os.environ.get("BADGE_ISSUER_NAME", "InnoOmnia · Polku"),
        "BADGE_ISSUER_URL": os.environ.get("BADGE_ISSUER_URL") or None,
        "BADGE_ISSUER_EMAIL": os.environ.get("BADGE_ISSUER_EMAIL", "polku@localhost"),
        # The hub's address as the world sees it: Open Badges 3.0 credentials link there for
        # ever, and their issuer is did:web of its host. Set it to the https address in production.
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "http://localhost:5000"),
        # Else badge_signing_key.pem in the instance folder, created on first use.
        "BADGE_SIGNING_KEY": os.environ.get("BADGE_SIGNING_KEY") or None,
        "VAPID_PRIVATE_KEY": _vapid_private_key(instance_path),
        "VAPID_PUBLIC_KEY": os.environ.get("VAPID_PUBLIC_KEY") or None,
        "VAPID_SUBJECT": os.environ.get("VAPID_SUBJECT") or None,
        # Privacy: a student who left the hub is deleted this many days after; a data
        # export is built in the background when the person has this many files or more.
        "RETENTION_DAYS": int(os.environ.get("RETENTION_DAYS", "365")),
        "EXPORT_BACKGROUND_FILES": int(os.environ.get("EXPORT_BACKGROUND_FILES", "20")),
    }
