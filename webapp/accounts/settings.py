"""A person's own settings: name, language, password and classes."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required, login_user
from flask_wtf import FlaskForm

from quests import accounts
from quests.errors import DomainError
from webapp import sessions
from webapp.accounts import email_verification
from webapp.accounts.forms import ChangePasswordForm, JoinCohortForm, ProfileForm
from webapp.errors import failed
from webapp.extensions import db, limiter

bp = Blueprint("settings", __name__, url_prefix="/settings")


def _page(profile=None, password=None, join=None, status=200):
    return (
        render_template(
            "settings/index.html",
            profile_form=profile or ProfileForm(obj=current_user),
            password_form=password or ChangePasswordForm(),
            join_form=join or JoinCohortForm(),
            cohorts=accounts.cohorts_of_student(db.session, current_user),
        ),
        status,
    )


@bp.get("/")
@login_required
def index():
    return _page()


@bp.post("/profile")
@login_required
def profile():
    form = ProfileForm()
    if not form.validate():
        return _page(profile=form, status=422)
    current_user.name = form.name.data.strip()
    current_user.locale = form.locale.data
    db.session.commit()
    flash(gettext("Your settings have been saved."), "success")
    return redirect(url_for("settings.index"), 303)


@bp.post("/email/verify")
@limiter.limit("5/hour", key_func=lambda: f"verify:{current_user.get_id()}")
@login_required
def send_verification():
    if not FlaskForm().validate():
        abort(400)
    if current_user.email_verified:
        flash(gettext("Your email address is already confirmed."), "info")
    else:
        email_verification.send_link(current_user)
        flash(
            gettext(
                "We sent a link to %(email)s: open it to confirm your address.",
                email=current_user.email,
            ),
            "info",
        )
    return redirect(url_for("settings.index"), 303)


@bp.post("/sessions/end")
@login_required
def sign_out_everywhere():
    if not FlaskForm().validate():
        abort(400)
    sessions.end_everywhere(current_user._get_current_object())
    flash(gettext("You have been signed out on every device."), "info")
    return redirect(url_for("accounts.login"), 303)


@bp.post("/password")
@login_required
def change_password():
    form = ChangePasswordForm()
    if not form.validate():
        return _page(password=form, status=422)
    try:
        accounts.change_password(current_user, form.current_password.data, form.password.data)
    except DomainError as error:
        form.current_password.errors = [failed(error)]
        return _page(password=form, status=error.status)
    db.session.commit()
    # The session token changed: sign this device in again, every other one is out.
    login_user(current_user._get_current_object())
    flash(gettext("Your password has been changed. Other devices have been signed out."), "success")
    return redirect(url_for("settings.index"), 303)


def _join_failed(response) -> bool:
    return response.status_code >= 400


# A wrong code costs a try: join codes cannot be guessed by trying them all.
@bp.post("/cohorts")
@limiter.limit(
    "10/hour", key_func=lambda: f"join:{current_user.get_id()}", deduct_when=_join_failed
)
@login_required
def join_cohort():
    form = JoinCohortForm()
    if not form.validate():
        return _page(join=form, status=422)
    try:
        cohort = accounts.join_cohort(db.session, user=current_user, join_code=form.join_code.data)
    except DomainError as error:
        form.join_code.errors = [failed(error)]
        return _page(join=form, status=error.status)
    db.session.commit()
    flash(gettext("You joined %(name)s.", name=cohort.name), "success")
    return redirect(url_for("settings.index"), 303)
