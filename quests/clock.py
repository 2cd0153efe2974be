"""The hub's clock: moments are kept in UTC, days and typed times are Helsinki's."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

HELSINKI = ZoneInfo("Europe/Helsinki")


def utcnow() -> datetime:
    return datetime.now(UTC)


def helsinki_day(moment: datetime) -> date:
    return moment.astimezone(HELSINKI).date()


def from_helsinki_wall_time(local: datetime) -> datetime:
    """A time typed on the hub's clock (no zone), as UTC."""
    return local.replace(tzinfo=HELSINKI).astimezone(UTC)


def to_helsinki_wall_time(moment: datetime) -> datetime:
    """A moment as the hub's clock shows it, without a zone, for a datetime-local field."""
    return moment.astimezone(HELSINKI).replace(tzinfo=None)
