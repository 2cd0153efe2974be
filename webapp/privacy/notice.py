"""/privacy: the privacy notice in the reader's language."""

from flask import Blueprint, current_app, render_template
from flask_babel import get_locale

bp = Blueprint("privacy_notice", __name__)

NOTICE_LANGUAGES = ("fi", "sv", "en")


@bp.get("/privacy")
def notice():
    locale = str(get_locale())
    return render_template(
        "privacy/notice.html",
        language=locale if locale in NOTICE_LANGUAGES else "fi",
        retention_days=current_app.config["RETENTION_DAYS"],
    )
