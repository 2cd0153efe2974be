"""Open Badges 3.0 credentials: an award as an OpenBadgeCredential, signed as a VC-JWT,
and the checks a verifier makes on one.

The recipient is named only by a salted hash of their email (an IdentityObject),
and by the DID the student gave, if any. The domain does not know the site's
addresses: a `Urls` object passed in says where each thing lives.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

import jwt

from quests import status_list
from quests.badge_models import BadgeAward, BadgeClass
from quests.signing_keys import IssuerKey

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
SCHEMA = {
    "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
    "ob_v3p0_achievementcredential_schema.json",
    "type": "1EdTechJsonSchemaValidator2019",
}
ALGORITHM = "EdDSA"
MEDIA_TYPE = "application/vc+jwt"
# did:method:identifier, as DID Core defines it (no spaces, no query in the DID itself).
DID = re.compile(r"did:[a-z0-9]+:[A-Za-z0-9._:%-]+(?:#[A-Za-z0-9._:%-]+)?")


class Urls(Protocol):
    def achievement(self, badge: BadgeClass) -> str: ...
    def image(self, badge: BadgeClass) -> str: ...
    def criteria(self, badge: BadgeClass) -> str: ...
    def status_list(self, purpose: str) -> str: ...


@dataclass(frozen=True)
class Issuer:
    did: str
    name: str
    url: str


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def valid_did(text: str) -> bool:
    return bool(DID.fullmatch(text)) and len(text) <= 300


def _achievement(urls: Urls, badge: BadgeClass) -> dict:
    achievement = {
        "id": urls.achievement(badge),
        "type": ["Achievement"],
        "achievementType": "Badge",
        "name": badge.name,
        "description": badge.description,
        "criteria": {"id": urls.criteria(badge), "narrative": badge.criteria},
        "image": {"id": urls.image(badge), "type": "Image"},
    }
    if badge.tag_list:
        achievement["tag"] = badge.tag_list
    if badge.alignment_name and badge.alignment_url:
        alignment = {
            "type": ["Alignment"],
            "targetName": badge.alignment_name,
            "targetUrl": badge.alignment_url,
        }
        if badge.alignment_code:
            alignment["targetCode"] = badge.alignment_code
        achievement["alignment"] = [alignment]
    return achievement


def build(award: BadgeAward, *, issuer: Issuer, urls: Urls, status_index: int) -> dict:
    """The credential document: what the VC-JWT's payload carries besides the JWT claims."""
    subject = {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityHash": award.recipient_hash,
                "identityType": "emailAddress",
                "hashed": True,
                "salt": award.salt,
            }
        ],
        "achievement": _achievement(urls, award.badge),
    }
    if award.recipient.did:
        subject = {"id": award.recipient.did, **subject}
    if award.narrative:
        subject["narrative"] = award.narrative
    document = {
        "@context": CONTEXT,
        "id": award.credential_id,
        "type": TYPES,
        "name": award.badge.name,
        "issuer": {"id": issuer.did, "type": ["Profile"], "name": issuer.name, "url": issuer.url},
        "validFrom": iso(award.issued_at),
        "credentialSubject": subject,
        "credentialSchema": [SCHEMA],
        "credentialStatus": status_list.entries(urls.status_list, status_index),
    }
    if award.expires_at is not None:
        document["validUntil"] = iso(award.expires_at)
    if award.evidence:
        document["evidence"] = [
            {"type": ["Evidence"], "name": item.name, "narrative": item.narrative or item.name}
            for item in award.evidence
        ]
    return document


def sign(document: dict, key: IssuerKey) -> str:
    """A VC-JWT (OB 3.0 §8.2): the payload is the credential plus the registered claims."""
    issuer = document["issuer"]["id"]
    claims = {
        **document,
        "iss": issuer,
        "jti": document["id"],
        "nbf": int(datetime.fromisoformat(document["validFrom"]).timestamp()),
    }
    if "id" in document["credentialSubject"]:
        claims["sub"] = document["credentialSubject"]["id"]
    if "validUntil" in document:
        claims["exp"] = int(datetime.fromisoformat(document["validUntil"]).timestamp())
    return _sign(claims, key)


def sign_status_list(document: dict, key: IssuerKey, now: datetime) -> str:
    """A BitstringStatusListCredential as a VC-JWT, like the credentials that point to it."""
    claims = {**document, "iss": document["issuer"], "jti": document["id"]}
    return _sign({**claims, "nbf": int(now.timestamp())}, key)


def _sign(claims: dict, key: IssuerKey) -> str:
    headers = {"kid": f"{claims['iss']}#{key.fragment}", "typ": "vc+jwt"}
    return jwt.encode(claims, key.private_key, algorithm=ALGORITHM, headers=headers)


def document_of(token: str) -> dict:
    """The credential a VC-JWT carries, without the JWT claims (read without checking)."""
    payload = jwt.decode(token, options={"verify_signature": False})
    return {k: v for k, v in payload.items() if k not in ("iss", "jti", "nbf", "exp", "sub")}


def pretty(document: dict) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False)


# --- checking ---------------------------------------------------------------------------------


@dataclass
class Report:
    """What a verifier checked, in order; `verdict` sums it up."""

    verdict: str = "invalid"
    checks: list[tuple[str, bool]] = field(default_factory=list)
    document: dict | None = None
    valid_from: datetime | None = None
    valid_until: datetime | None = None

    def add(self, name: str, passed: bool) -> bool:
        self.checks.append((name, passed))
        return passed


def _dates(document: dict) -> tuple[datetime | None, datetime | None]:
    def parse(value):
        return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None

    return parse(document.get("validFrom")), parse(document.get("validUntil"))


def check(
    token: str,
    *,
    issuer_did: str,
    keys: list[tuple[str, dict]],
    status_bits,
    now: datetime,
) -> Report:
    """Check a VC-JWT this hub issued: format, issuer, signature against every key the hub
    has published, validity dates, and both status lists (`status_bits(purpose)` gives the
    decoded bitstring). Stops at the first failure that makes the rest meaningless."""
    report = Report()
    try:
        header = jwt.get_unverified_header(token)
        unverified = jwt.decode(token, options={"verify_signature": False})
    except (jwt.InvalidTokenError, ValueError):
        report.add("format", False)
        return report
    if not report.add(
        "format",
        isinstance(unverified, dict) and "OpenBadgeCredential" in (unverified.get("type") or []),
    ):
        return report
    if not report.add("issuer", unverified.get("iss") == issuer_did):
        report.verdict = "foreign"
        return report
    published = {f"{issuer_did}#{fragment}": jwk for fragment, jwk in keys}
    jwk = published.get(header.get("kid"))
    if jwk is None or header.get("alg") != ALGORITHM:
        report.add("signature", False)
        return report
    try:
        payload = jwt.decode(
            token,
            jwt.PyJWK(jwk, ALGORITHM).key,
            algorithms=[ALGORITHM],
            options={"verify_exp": False, "verify_nbf": False, "verify_aud": False},
        )
    except jwt.InvalidTokenError:
        report.add("signature", False)
        return report
    report.add("signature", True)
    document = {k: v for k, v in payload.items() if k not in ("iss", "jti", "nbf", "exp", "sub")}
    report.document = document
    valid_from, valid_until = report.valid_from, report.valid_until = _dates(document)
    started = report.add("valid_from", valid_from is not None and valid_from <= now)
    expired = not report.add("valid_until", valid_until is None or now < valid_until)
    flags = {}
    for entry in document.get("credentialStatus") or []:
        purpose = entry.get("statusPurpose")
        if purpose in status_list.PURPOSES:
            index = int(entry.get("statusListIndex", -1))
            flags[purpose] = 0 <= index < status_list.LIST_SIZE and status_list.bit(
                status_bits(purpose), index
            )
    report.add("revocation", not flags.get("revocation", True))
    report.add("suspension", not flags.get("suspension", True))
    if flags.get("revocation", True):
        report.verdict = "revoked"
    elif flags.get("suspension", True):
        report.verdict = "suspended"
    elif expired:
        report.verdict = "expired"
    elif not started:
        report.verdict = "not_yet_valid"
    else:
        report.verdict = "valid"
    return report
