"""The hub's Ed25519 keys that sign Open Badges 3.0 credentials, and their public forms.

The private key is PEM text the web layer reads from the environment or the
instance folder. Every public key that has signed stays in badge_signing_keys
and in the DID document, so a credential signed before a key rotation still verifies.
"""

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quests.badge_models import SigningKey

DID_CONTEXTS = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"]


class SigningKeyError(ValueError):
    pass


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def generate_pem() -> str:
    return (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )


def thumbprint(jwk: dict) -> str:
    """RFC 7638: the SHA-256 of the key's required members, as base64url."""
    members = {name: jwk[name] for name in ("crv", "kty", "x")}
    canonical = json.dumps(members, separators=(",", ":"), sort_keys=True)
    return b64url(hashlib.sha256(canonical.encode()).digest())


@dataclass(frozen=True)
class IssuerKey:
    private_key: Ed25519PrivateKey
    public_jwk: dict

    @property
    def fragment(self) -> str:
        return thumbprint(self.public_jwk)


def load(pem: str) -> IssuerKey:
    try:
        key = serialization.load_pem_private_key(pem.strip().encode(), password=None)
    except (ValueError, TypeError) as error:
        raise SigningKeyError("the badge signing key is not a PEM private key") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError("the badge signing key is not an Ed25519 key")
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return IssuerKey(key, {"kty": "OKP", "crv": "Ed25519", "x": b64url(raw)})


def register(session: Session, key: IssuerKey, now: datetime) -> None:
    """Publish the key's public half for ever (once, even when two processes start at once)."""
    if session.scalar(select(SigningKey.id).where(SigningKey.fragment == key.fragment)):
        return
    try:
        with session.begin_nested():
            session.add(
                SigningKey(fragment=key.fragment, public_jwk=key.public_jwk, created_at=now)
            )
    except IntegrityError:
        pass


def published(session: Session, current: IssuerKey | None) -> list[tuple[str, dict]]:
    """(fragment, public JWK) of every key that has signed: the current key first, as
    verifiers that find no `kid` take the first one, then the older ones, newest first."""
    keys = [(current.fragment, current.public_jwk)] if current else []
    for row in session.scalars(select(SigningKey).order_by(SigningKey.created_at.desc())):
        if not current or row.fragment != current.fragment:
            keys.append((row.fragment, row.public_jwk))
    return keys


def did_document(did: str, keys: list[tuple[str, dict]]) -> dict:
    methods = [
        {
            "id": f"{did}#{fragment}",
            "type": "JsonWebKey2020",
            "controller": did,
            "publicKeyJwk": jwk,
        }
        for fragment, jwk in keys
    ]
    return {
        "@context": DID_CONTEXTS,
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }
