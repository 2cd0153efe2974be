"""A browser's push subscription: checked, stored once per endpoint, removed."""

import binascii
import ipaddress
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from quests.models import User
from quests.notification_models import PushSubscription
from webapp.notifications.endpoints import looks_internal
from webapp.notifications.vapid import b64url_decode

MAX_ENDPOINT = 1000


class BadSubscription(ValueError):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _key(keys: dict, name: str, length: int) -> str:
    value = keys.get(name)
    if not isinstance(value, str) or len(value) > 200:
        raise BadSubscription(_l("The browser sent an incomplete subscription. Try again."))
    try:
        raw = b64url_decode(value)
    except (binascii.Error, ValueError) as error:
        raise BadSubscription(
            _l("The browser sent an incomplete subscription. Try again.")
        ) from error
    if len(raw) != length:
        raise BadSubscription(_l("The browser sent an incomplete subscription. Try again."))
    if name == "p256dh":
        try:
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
        except ValueError as error:
            raise BadSubscription(
                _l("The browser sent an incomplete subscription. Try again.")
            ) from error
    return value


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _endpoint(value, allow_loopback: bool) -> str:
    """An https URL of a push service; never an address inside our own network."""
    if not isinstance(value, str) or not value or len(value) > MAX_ENDPOINT:
        raise BadSubscription(_l("The browser sent an incomplete subscription. Try again."))
    parts = urlsplit(value)
    host = (parts.hostname or "").lower()
    if allow_loopback and _is_loopback(host) and parts.scheme in ("http", "https"):
        return value
    # A first look; where the name leads is checked again each time a message is sent.
    if parts.scheme != "https" or looks_internal(host):
        raise BadSubscription(_l("That push service address is not allowed."))
    return value


def parse(data, allow_loopback: bool = False) -> tuple[str, str, str]:
    """(endpoint, p256dh, auth) from a PushSubscription's JSON, or BadSubscription."""
    if not isinstance(data, dict) or not isinstance(data.get("keys"), dict):
        raise BadSubscription(_l("The browser sent an incomplete subscription. Try again."))
    endpoint = _endpoint(data.get("endpoint"), allow_loopback)
    return endpoint, _key(data["keys"], "p256dh", 65), _key(data["keys"], "auth", 16)


def device_name(user_agent: str) -> str:
    """A short, recognisable name for the list of devices, e.g. "Chrome · Android"."""
    agent = user_agent or ""
    browser = next(
        (
            name
            for token, name in (
                ("Edg/", "Edge"),
                ("SamsungBrowser", "Samsung Internet"),
                ("Firefox/", "Firefox"),
                ("Chrome/", "Chrome"),
                ("Safari/", "Safari"),
            )
            if token in agent
        ),
        "",
    )
    system = next(
        (
            name
            for token, name in (
                ("Android", "Android"),
                ("iPhone", "iPhone"),
                ("iPad", "iPad"),
                ("Windows", "Windows"),
                ("Mac OS X", "macOS"),
                ("CrOS", "ChromeOS"),
                ("Linux", "Linux"),
            )
            if token in agent
        ),
        "",
    )
    return " · ".join(part for part in (browser, system) if part)[:120]


def subscribe(
    session: Session, user: User, endpoint: str, p256dh: str, auth: str, device: str
) -> PushSubscription:
    """Store the subscription; the same endpoint again replaces the old row (and its owner)."""
    subscription = session.scalar(
        select(PushSubscription).where(PushSubscription.endpoint == endpoint)
    )
    if subscription is None:
        subscription = PushSubscription(endpoint=endpoint)
        session.add(subscription)
    subscription.user_id = user.id
    subscription.p256dh = p256dh
    subscription.auth = auth
    subscription.device = device
    session.flush()
    return subscription


def unsubscribe_endpoint(session: Session, user: User, endpoint: str) -> int:
    result = session.execute(
        delete(PushSubscription).where(
            PushSubscription.user_id == user.id, PushSubscription.endpoint == endpoint
        )
    )
    return result.rowcount


def devices_of(session: Session, user: User) -> list[PushSubscription]:
    return list(
        session.scalars(
            select(PushSubscription)
            .where(PushSubscription.user_id == user.id)
            .order_by(PushSubscription.created_at, PushSubscription.id)
        )
    )


def own_device(session: Session, user: User, subscription_id: int) -> PushSubscription | None:
    """The subscription if it is this person's; another's is as good as missing."""
    subscription = session.get(PushSubscription, subscription_id)
    if subscription is None or subscription.user_id != user.id:
        return None
    return subscription
