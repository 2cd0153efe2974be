"""Open Badges 2.0 documents (hosted verification) for the issuer, badge classes and awards.

The domain does not know the site's addresses: a `Urls` object passed in says
where each document lives. Only what the specification needs is published:
the recipient appears only as a salted hash of their email.
"""

from datetime import datetime
from typing import Protocol

from quests.badge_models import BadgeAward, BadgeClass

CONTEXT = "https://w3id.org/openbadges/v2"


class Urls(Protocol):
    def issuer(self) -> str: ...
    def badge(self, badge: BadgeClass) -> str: ...
    def image(self, badge: BadgeClass) -> str: ...
    def criteria(self, badge: BadgeClass) -> str: ...
    def assertion(self, award: BadgeAward) -> str: ...


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def issuer(urls: Urls, *, name: str, url: str, email: str) -> dict:
    return {
        "@context": CONTEXT,
        "type": "Issuer",
        "id": urls.issuer(),
        "name": name,
        "url": url,
        "email": email,
    }


def badge_class(urls: Urls, badge: BadgeClass) -> dict:
    document = {
        "@context": CONTEXT,
        "type": "BadgeClass",
        "id": urls.badge(badge),
        "name": badge.name,
        "description": badge.description,
        "image": urls.image(badge),
        "criteria": {"id": urls.criteria(badge), "narrative": badge.criteria},
        "issuer": urls.issuer(),
        "tags": badge.tag_list,
    }
    if badge.alignment_name and badge.alignment_url:
        alignment = {"targetName": badge.alignment_name, "targetUrl": badge.alignment_url}
        if badge.alignment_code:
            alignment["targetCode"] = badge.alignment_code
        document["alignment"] = [alignment]
    return document


def assertion(urls: Urls, award: BadgeAward) -> dict:
    document = {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": urls.assertion(award),
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": award.salt,
            "identity": award.recipient_hash,
        },
        "badge": urls.badge(award.badge),
        "verification": {"type": "hosted"},
        "issuedOn": _iso(award.issued_at),
    }
    if award.expires_at is not None:
        document["expires"] = _iso(award.expires_at)
    if award.narrative:
        document["narrative"] = award.narrative
    if award.evidence:
        document["evidence"] = [
            {"type": "Evidence", "name": item.name, "narrative": item.narrative or item.name}
            for item in award.evidence
        ]
    return document


def revoked(urls: Urls, award: BadgeAward) -> dict:
    """What a revoked hosted assertion answers (with HTTP 410 Gone)."""
    return {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": urls.assertion(award),
        "revoked": True,
        "revocationReason": award.revocation_reason or "",
    }
