"""Each kind of notification: how it reads in the reader's language and how it is pushed.

The domain stores only a kind and its params; the words are chosen here, when
the inbox is shown or a push is sent, in the language of the person reading.

Params each kind expects (a missing one shows as "…"):
quest_reviewed and deadline_tomorrow: quest (its title); badge_awarded: badge
(its name); judging_assigned, judging_closes_tomorrow, results_published:
competition (its name).
"""

from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from quests.notification_models import Notification
from quests.notifications import Kind

DAY = 24 * 60 * 60


@dataclass(frozen=True)
class KindSpec:
    kind: Kind
    title: str  # may use %(param)s from the notification's params
    body: str
    ttl: int  # seconds a push service keeps the message for an offline device
    urgency: str  # RFC 8030 §5.3: very-low, low, normal or high
    # The switch on the settings page that turns this kind off; kinds may share one.
    preference: str


KINDS: dict[str, KindSpec] = {}

# The switches on the settings page, in the order shown: key -> label.
PREFERENCES = {
    "quest_reviewed": _l("My work has been reviewed"),
    "badge_awarded": _l("I get a badge"),
    "deadline_tomorrow": _l("A deadline is tomorrow"),
    "judging_assigned": _l("I am assigned video CVs to judge"),
    "results_published": _l("Competition results are published"),
}


def register(spec: KindSpec) -> KindSpec:
    KINDS[spec.kind.value] = spec
    return spec


register(
    KindSpec(
        Kind.QUEST_REVIEWED,
        title=_l("Your work has been reviewed"),
        body=_l("Your work on “%(quest)s” has been reviewed. Open it to see the feedback."),
        ttl=7 * DAY,
        urgency="normal",
        preference="quest_reviewed",
    )
)
register(
    KindSpec(
        Kind.BADGE_AWARDED,
        title=_l("You got a badge!"),
        body=_l("You were awarded the badge “%(badge)s”."),
        ttl=7 * DAY,
        urgency="low",
        preference="badge_awarded",
    )
)
register(
    KindSpec(
        Kind.DEADLINE_TOMORROW,
        title=_l("Due tomorrow"),
        body=_l("“%(quest)s” is due tomorrow."),
        ttl=DAY,
        urgency="high",
        preference="deadline_tomorrow",
    )
)
register(
    KindSpec(
        Kind.JUDGING_ASSIGNED,
        title=_l("Video CVs to judge"),
        body=_l("You have been assigned video CVs to judge in “%(competition)s”."),
        ttl=3 * DAY,
        urgency="normal",
        preference="judging_assigned",
    )
)
register(
    KindSpec(
        Kind.JUDGING_CLOSES_TOMORROW,
        title=_l("Judging closes tomorrow"),
        body=_l("Judging in “%(competition)s” closes tomorrow."),
        ttl=DAY,
        urgency="high",
        # A judge's deadline is a deadline: one switch for both reminders.
        preference="deadline_tomorrow",
    )
)
register(
    KindSpec(
        Kind.RESULTS_PUBLISHED,
        title=_l("Results are out"),
        body=_l("The results of “%(competition)s” have been published."),
        ttl=7 * DAY,
        urgency="normal",
        preference="results_published",
    )
)

register(
    KindSpec(
        Kind.DATA_EXPORT_READY,
        title=_l("Your data is ready"),
        body=_l("The download of your data is ready for 24 hours."),
        ttl=DAY,
        urgency="normal",
        # Asked for by the person themselves: no switch turns it off.
        preference="data_export",
    )
)


class _Params(dict):
    """Params for a message; one a kind expects but did not get shows as an ellipsis."""

    def __missing__(self, key):
        return "…"


def _fill(template, params: dict) -> str:
    return str(template) % _Params(params or {})


def spec_for(kind: str) -> KindSpec | None:
    return KINDS.get(kind)


def render(notification: Notification) -> tuple[str, str]:
    """(title, body) of a notification in the current language."""
    spec = spec_for(notification.kind)
    if spec is None:
        return (notification.kind, "")
    return _fill(spec.title, notification.params), _fill(spec.body, notification.params)


def render_in(notification: Notification, locale: str) -> tuple[str, str]:
    with force_locale(locale):
        return render(notification)
