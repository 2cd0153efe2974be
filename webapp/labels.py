"""Names of the domain's states and kinds in the reader's language (template filters)."""

from flask import Flask
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from quests import badge_rules

QUEST_KINDS = {
    "plan_goal": _l("Plan goal"),
    "project": _l("Project"),
    "challenge": _l("Challenge"),
}
STATES = {
    "available": _l("Available"),
    "accepted": _l("In progress"),
    "submitted": _l("Waiting for review"),
    "returned": _l("Returned for changes"),
    "approved": _l("Approved"),
}
TABS = {
    "all": _l("All"),
    "plan": _l("Plan"),
    "projects": _l("Projects"),
    "challenges": _l("Challenges"),
    "done": _l("Done"),
}
EVIDENCE = {
    "text": _l("Text"),
    "link": _l("Link"),
    "photo": _l("Photo"),
    "video": _l("Video"),
    "file": _l("File"),
}
ACQUISITION = {
    "school": _l("At school"),
    "work_based": _l("Work-based learning at a workplace"),
    "project": _l("In an entrepreneurial project"),
}


BADGE_STATUS = {
    "valid": _l("Valid"),
    "expired": _l("Expired"),
    "revoked": _l("Revoked"),
    "suspended": _l("Suspended"),
}


def rule_text(rule) -> str:
    """A badge rule in words, in the reader's language."""
    message, params = badge_rules.rule_for(rule.kind, rule.params).describe()
    return gettext(message, **params)


def init_app(app: Flask) -> None:
    app.add_template_filter(rule_text, "rule_text")
    for name, labels in (
        ("quest_kind_label", QUEST_KINDS),
        ("state_label", STATES),
        ("tab_label", TABS),
        ("evidence_label", EVIDENCE),
        ("acquisition_label", ACQUISITION),
        ("badge_status_label", BADGE_STATUS),
    ):
        app.add_template_filter(lambda key, labels=labels: str(labels[str(key)]), name)
