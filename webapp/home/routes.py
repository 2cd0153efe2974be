"""The home page, the health check and the language switch."""

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user

from quests import accessibility_feedback, accounts, board, clock, xp
from quests.roles import Capability
from webapp import health
from webapp.accounts.forms import LanguageForm
from webapp.auth import safe_next_url
from webapp.extensions import db
from webapp.i18n import LANGUAGE_COOKIE

bp = Blueprint("home", __name__)


SEEN_XP = "seen_xp"


def _celebration(progress: xp.Progress) -> dict | None:
    """XP gained since this device last showed the home page, to celebrate once."""
    seen = session.get(SEEN_XP)
    session[SEEN_XP] = progress.total
    if seen is None or progress.total <= seen:
        return None
    return {"gained": progress.total - seen, "level_up": xp.level_for(seen) < progress.level}


@bp.get("/")
def index():
    if not current_user.is_authenticated:
        return render_template("home/welcome.html")
    teaching = []
    if current_user.can(Capability.MANAGE_COHORTS):
        teaching = accounts.cohort_summaries(db.session, current_user)
    day = board.student_day(db.session, current_user, clock.utcnow())
    today = clock.helsinki_day(clock.utcnow())
    feedback_due = []
    if current_user.can(Capability.ADMINISTER):
        feedback_due = accessibility_feedback.near_or_past_due(
            db.session, actor=current_user, today=today
        )
    return render_template(
        "home/index.html",
        day=day,
        celebration=_celebration(day.progress),
        today=today,
        feedback_due=feedback_due,
        days_left=accessibility_feedback.days_left,
        studying=accounts.cohorts_of_student(db.session, current_user),
        teaching=teaching,
    )


@bp.get("/healthz")
def healthz():
    parts, healthy = health.report()
    return jsonify(parts), 200 if healthy else 503


@bp.post("/language")
def set_language():
    form = LanguageForm()
    if not form.validate():
        return redirect(url_for("home.index")), 303
    response = redirect(_back_here(), 303)
    if current_user.is_authenticated:
        current_user.locale = form.locale.data
        db.session.commit()
    response.set_cookie(
        LANGUAGE_COOKIE,
        form.locale.data,
        max_age=60 * 60 * 24 * 365,
        samesite="Lax",
        httponly=True,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


def _back_here() -> str:
    referrer = request.referrer or ""
    host = request.host_url
    path = "/" + referrer[len(host) :] if referrer.startswith(host) else None
    return safe_next_url(path)
