"""The server's VAPID identity (RFC 8292): its key pair and the JWT each push carries.

The key pair is made once by `flask --app webapp push init-keys` into the
instance folder, or given by VAPID_PRIVATE_KEY (and optionally VAPID_PUBLIC_KEY
to check it) in the environment.
"""

import base64
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask import Flask

PRIVATE_KEY_FILE = "vapid_private.pem"
# RFC 8292 §2: at most 24 hours; 12 leaves room for clock skew.
TOKEN_LIFETIME = 12 * 60 * 60
DEFAULT_PORTS = {"http": 80, "https": 443}
# 32 bytes in base64url, as web-push tools print a raw private key.
RAW_KEY = re.compile(r"[A-Za-z0-9_-]{43}=?")


class VapidKeyError(ValueError):
    pass


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class VapidKeys:
    private_pem: bytes
    public_pem: bytes
    # The uncompressed public point, base64url: the page's applicationServerKey.
    application_server_key: str
    subject: str


def _load_private(text: str) -> ec.EllipticCurvePrivateKey:
    """A PEM private key, or the base64url raw 32-byte scalar other web-push tools print."""
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_private_key(text.encode(), password=None)
        elif RAW_KEY.fullmatch(text):
            key = ec.derive_private_key(int.from_bytes(b64url_decode(text), "big"), ec.SECP256R1())
        else:
            raise ValueError("neither PEM nor a base64url 32-byte key")
    except (ValueError, TypeError) as error:
        raise VapidKeyError("VAPID_PRIVATE_KEY is not a P-256 private key") from error
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise VapidKeyError("VAPID_PRIVATE_KEY is not a P-256 private key")
    return key


def _public_point(key: ec.EllipticCurvePublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


def keys_from_config(config) -> VapidKeys | None:
    """The configured keys, or None when push is not set up (the inbox still works)."""
    private_text = config.get("VAPID_PRIVATE_KEY")
    if not private_text:
        return None
    private_key = _load_private(private_text)
    public_key = private_key.public_key()
    server_key = b64url(_public_point(public_key))
    given_public = config.get("VAPID_PUBLIC_KEY")
    if given_public and given_public.strip() != server_key:
        raise VapidKeyError("VAPID_PUBLIC_KEY does not belong to VAPID_PRIVATE_KEY")
    subject = config.get("VAPID_SUBJECT") or "mailto:polku@localhost"
    if not subject.startswith(("mailto:", "https:")):
        subject = "mailto:" + subject
    return VapidKeys(
        private_pem=private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
        public_pem=public_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ),
        application_server_key=server_key,
        subject=subject,
    )


def current_keys(app: Flask) -> VapidKeys | None:
    cached = app.extensions.get("polku_vapid")
    if cached is None:
        cached = app.extensions["polku_vapid"] = (keys_from_config(app.config),)
    return cached[0]


def init_keys(instance_path: Path) -> tuple[Path, bool]:
    """Write a new key pair unless one exists; (the file, whether it was created)."""
    path = Path(instance_path) / PRIVATE_KEY_FILE
    if path.exists():
        return path, False
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL: two processes starting at once cannot both write a key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path, False
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    return path, True


def audience(endpoint: str) -> str:
    """The origin of a push resource (RFC 8292 §2, RFC 6454): a non-default port is kept.

    webpush 1.0.6 writes scheme://host only, dropping the port; right for the
    real push services on 443, wrong for anything on another port. So the
    JWT is made here and the library is used for the RFC 8291 encryption.
    """
    parts = urlsplit(endpoint)
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    if port is None or port == DEFAULT_PORTS.get(scheme):
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def authorization(keys: VapidKeys, endpoint: str, now: float | None = None) -> str:
    """The Authorization header for one push: `vapid t=<JWT>, k=<public key>` (RFC 8292 §3)."""
    claims = {
        "aud": audience(endpoint),
        "exp": int(now if now is not None else time.time()) + TOKEN_LIFETIME,
        "sub": keys.subject,
    }
    token = jwt.encode(claims, keys.private_pem, algorithm="ES256")
    return f"vapid t={token}, k={keys.application_server_key}"
