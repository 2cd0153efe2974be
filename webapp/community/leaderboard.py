"""The weekly XP leaderboard of a class: opting in, the display name, the teacher's setting."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from quests import leaderboard
from quests.clock import utcnow
from quests.errors import DomainError
from quests.models import Cohort
from webapp.community.blueprint import bp
from webapp.community.forms import BoardModeForm, PreferenceForm
from webapp.errors import failed
from webapp.extensions import db


def _cohort_arg() -> int | None:
    """?cohort= as an id; anything else (text, a number beyond any id) counts as not given."""
    value = request.args.get("cohort", type=int)
    return value if value is not None and 0 < value < 2**31 else None


def _page(cohort_id: int | None, status: int = 200, preference_form=None, error=None):
    cohorts = leaderboard.board_cohorts(db.session, current_user)
    chosen = next((c for c in cohorts if c.id == cohort_id), None)
    if cohort_id is not None and chosen is None:
        abort(404 if db.session.get(Cohort, cohort_id) is None else 403)
    chosen = chosen or (cohorts[0] if cohorts else None)
    board = None
    if chosen is not None:
        board = leaderboard.weekly_board(
            db.session, viewer=current_user, cohort=chosen, now=utcnow()
        )
    pref = leaderboard.preference(db.session, current_user)
    return render_template(
        "community/leaderboard.html",
        cohorts=cohorts,
        board=board,
        preference_form=preference_form or PreferenceForm(formdata=None, obj=pref),
        mode_form=BoardModeForm(formdata=None, mode=board.mode if board else "full"),
        can_set_mode=board is not None
        and leaderboard.can_set_mode(db.session, current_user, chosen),
        error=error,
    ), status


@bp.get("/leaderboard")
@login_required
def leaderboard_page():
    cohort_id = _cohort_arg()
    return _page(cohort_id)


@bp.post("/leaderboard/preference")
@login_required
def leaderboard_preference():
    form = PreferenceForm()
    cohort_id = _cohort_arg()
    if not form.validate():
        return _page(cohort_id, status=422, preference_form=form)
    try:
        leaderboard.set_preference(
            db.session,
            user=current_user,
            opted_in=form.opted_in.data,
            display_name=form.display_name.data or "",
            now=utcnow(),
        )
    except DomainError as error:
        form.display_name.errors = [failed(error)]
        return _page(cohort_id, status=error.status, preference_form=form)
    db.session.commit()
    if form.opted_in.data:
        flash(
            gettext("You are on the leaderboard as %(name)s.", name=form.display_name.data),
            "success",
        )
    else:
        flash(gettext("You are no longer shown on the leaderboard."), "success")
    return redirect(url_for("community.leaderboard_page", cohort=cohort_id), 303)


@bp.post("/leaderboard/<int:cohort_id>/mode")
@login_required
def leaderboard_mode(cohort_id):
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        abort(404)
    form = BoardModeForm()
    if not form.validate():
        abort(422)
    leaderboard.set_mode(
        db.session, actor=current_user, cohort=cohort, mode=form.mode.data, now=utcnow()
    )
    db.session.commit()
    flash(gettext("The leaderboard setting has been saved."), "success")
    return redirect(url_for("community.leaderboard_page", cohort=cohort_id), 303)
