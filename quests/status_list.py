"""W3C Bitstring Status List: each award's bit in the revocation and suspension lists.

Indices are drawn at random from a list of 131,072 entries (the specification's
minimum), so an index says nothing about how many badges the hub has issued.
A bit is on for revocation when the award is revoked or no longer exists.
"""

import base64
import gzip
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quests.badge_models import BadgeAward, StatusEntry

LIST_SIZE = 131_072
PURPOSES = ("revocation", "suspension")
# A verifier trusts a fetched list this long; the hub signs a fresh one for every request.
VALID_FOR = timedelta(days=2)
ATTEMPTS = 64


class StatusListFull(RuntimeError):
    pass


def allocate(session: Session, award: BadgeAward) -> int:
    """Give the award a random free index; the primary key settles two transactions racing."""
    for _ in range(ATTEMPTS):
        index = secrets.randbelow(LIST_SIZE)
        if session.get(StatusEntry, index) is not None:
            continue  # taken, perhaps by an award earlier in this same transaction
        try:
            with session.begin_nested():
                session.add(StatusEntry(status_index=index, award=award))
        except IntegrityError:
            continue
        return index
    raise StatusListFull("no free status list index found; the list needs to grow")


def set_indices(session: Session, purpose: str) -> list[int]:
    query = select(StatusEntry.status_index).outerjoin(
        BadgeAward, BadgeAward.id == StatusEntry.award_id
    )
    if purpose == "revocation":
        query = query.where((StatusEntry.award_id.is_(None)) | BadgeAward.revoked_at.is_not(None))
    elif purpose == "suspension":
        query = query.where(BadgeAward.suspended_at.is_not(None))
    else:
        raise ValueError(purpose)
    return list(session.scalars(query))


def is_set(session: Session, purpose: str, index: int) -> bool:
    return index in set(set_indices(session, purpose))


def encode(indices: list[int], size: int = LIST_SIZE) -> str:
    """The `encodedList`: multibase base64url ('u') of the GZIP'd bitstring, index 0 the
    first byte's high bit. mtime=0 keeps the same list byte for byte, so it can be cached."""
    bits = bytearray(size // 8)
    for index in indices:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode()


def decode(encoded: str) -> bytes:
    data = encoded[1:] if encoded.startswith("u") else encoded
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def bit(bitstring: bytes, index: int) -> bool:
    return bool(bitstring[index // 8] & (0x80 >> (index % 8)))


def entries(list_url, index: int) -> list[dict]:
    """The credential's `credentialStatus`: one entry per purpose, the same index in each."""
    return [
        {
            "id": f"{list_url(purpose)}#{index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": purpose,
            "statusListIndex": str(index),
            "statusListCredential": list_url(purpose),
        }
        for purpose in PURPOSES
    ]


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def list_credential(issuer: str, url: str, purpose: str, encoded: str, now: datetime) -> dict:
    """The unsigned BitstringStatusListCredential; its validUntil stops a replayed old copy."""
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": _iso(now),
        "validUntil": _iso(now + VALID_FOR),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encoded,
        },
    }
