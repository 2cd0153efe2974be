"""Signing in and out, signing up with a join code, password resets and invites."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext
from flask_limiter.util import get_remote_address
from flask_login import current_user, logout_user
from flask_wtf import FlaskForm

from quests import accounts
from quests.clock import utcnow
from quests.errors import DomainError
from webapp import sessions
from webapp.accounts import email_verification, password_reset, signup_links
from webapp.accounts.forms import (
    ForgotPasswordForm,
    InviteAcceptForm,
    LoginForm,
    ResetPasswordForm,
    SignupForm,
)
from webapp.auth import safe_next_url
from webapp.errors import message_of, show_on_form
from webapp.extensions import db, limiter
from webapp.mail import send_template

bp = Blueprint("accounts", __name__)

LOGIN_FAILED = 401


def _login_failed(response) -> bool:
    return response.status_code == LOGIN_FAILED


def _account() -> str:
    return accounts.normalize_email(request.form.get("email", ""))


def _account_key() -> str:
    return "account:" + _account()


def _account_and_address_key() -> str:
    return f"account:{_account()}:from:{get_remote_address()}"


# Failed logins only. Guessing one account's password from one address is slow (the tight
# limit); someone elsewhere cannot lock the owner out with it, and a school behind one NAT
# address is not locked out by a few mistyped passwords. The per-account ceiling, much
# looser, bounds guessing spread over many addresses; the per-address one, spraying.
@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    "10/minute", methods=["POST"], key_func=_account_and_address_key, deduct_when=_login_failed
)
@limiter.limit("100/hour", methods=["POST"], key_func=_account_key, deduct_when=_login_failed)
@limiter.limit("100/minute", methods=["POST"], deduct_when=_login_failed)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if request.method == "POST":
        if not form.validate():
            return render_template("accounts/login.html", form=form), 422
        user = accounts.authenticate(db.session, form.email.data, form.password.data)
        if user is None:
            # One answer for an unknown email and a wrong password.
            form.form_errors.append(gettext("The email or password is not correct."))
            return render_template("accounts/login.html", form=form), LOGIN_FAILED
        db.session.commit()
        sessions.start(user, remember=form.remember.data)
        return redirect(safe_next_url(request.args.get("next")))
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        # A new token: this cookie, and any copy of it, no longer signs anyone in.
        sessions.end_everywhere(current_user._get_current_object())
    logout_user()
    flash(gettext("You have signed out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit("20/hour", methods=["POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = SignupForm(join_code=request.args.get("code", ""))
    if request.method == "POST":
        if not form.validate():
            return render_template("accounts/signup.html", form=form), 422
        try:
            cohort = accounts.check_sign_up(
                db.session, join_code=form.join_code.data, password=form.password.data
            )
        except DomainError as error:
            show_on_form(form, error)
            return render_template("accounts/signup.html", form=form), error.status
        email = accounts.normalize_email(form.email.data)
        # The same answer either way; the email says which it was.
        if accounts.get_user_by_email(db.session, email) is not None:
            signup_links.send_already_registered(email, str(get_locale()))
        else:
            token = signup_links.seal(
                cohort_id=cohort.id,
                email=email,
                name=form.name.data.strip(),
                password=form.password.data,
                locale=str(get_locale()),
            )
            signup_links.send_link(email, form.name.data.strip(), token, str(get_locale()))
        return render_template("accounts/signup_sent.html", email=email)
    return render_template("accounts/signup.html", form=form)


@bp.route("/signup/finish/<token>", methods=["GET", "POST"])
def finish_signup(token):
    data = signup_links.unseal(token)
    if data is None:
        message = gettext("This sign-up link has expired or is not valid. Sign up again.")
        return render_template("accounts/link_invalid.html", message=message), 410
    if request.method == "GET":
        # A mail client's link preview must not create the account: a button does.
        return render_template("accounts/signup_finish.html", name=data["n"], email=data["e"])
    if not FlaskForm().validate():
        abort(400)
    try:
        user = accounts.finish_sign_up(
            db.session,
            cohort_id=data["c"],
            email=data["e"],
            name=data["n"],
            password_hash=data["p"],
            locale=data["l"],
            now=utcnow(),
        )
    except DomainError as error:
        db.session.rollback()
        return render_template("accounts/link_invalid.html", message=message_of(error)), 409
    db.session.commit()
    sessions.start(user)
    flash(gettext("Welcome to Polku, %(name)s!", name=user.name), "success")
    return redirect(url_for("home.index"))


@bp.get("/email/verify/<token>")
def verify_email(token):
    user, why = email_verification.verify(token)
    if user is None:
        message = (
            gettext("This confirmation link has expired. Ask for a new one in your settings.")
            if why == "expired"
            else gettext("This confirmation link is not valid. Ask for a new one in your settings.")
        )
        return render_template("accounts/link_invalid.html", message=message), 410
    db.session.commit()
    flash(gettext("Your email address is confirmed."), "success")
    return redirect(url_for("home.index" if current_user.is_authenticated else "accounts.login"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("5/minute", methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if request.method == "POST":
        if not form.validate():
            return render_template("accounts/forgot.html", form=form), 422
        user = accounts.get_user_by_email(db.session, form.email.data)
        if user is not None and user.active:
            link = url_for(
                "accounts.reset_password", token=password_reset.make_token(user), _external=True
            )
            send_template(user.email, "password_reset", user.locale, name=user.name, link=link)
        # The same answer whether or not the email has an account.
        return render_template("accounts/forgot_sent.html", email=form.email.data)
    return render_template("accounts/forgot.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    user, why = password_reset.user_for_token(token)
    if user is None:
        message = (
            gettext("This reset link has expired. Ask for a new one.")
            if why == "expired"
            else gettext(
                "This reset link is not valid or has already been used. Ask for a new one."
            )
        )
        return render_template("accounts/link_invalid.html", message=message), 410
    form = ResetPasswordForm()
    if request.method == "POST":
        if not form.validate():
            return render_template("accounts/reset.html", form=form), 422
        accounts.set_password(user, form.password.data)
        # The link reached the address: it is the person's.
        if user.email_verified_at is None:
            user.email_verified_at = utcnow()
        db.session.commit()
        logout_user()
        flash(gettext("Your password has been changed. Log in with the new password."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset.html", form=form)


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept_invite(token):
    now = utcnow()
    try:
        invite = accounts.open_invite(db.session, token, now)
    except DomainError as error:
        return render_template(
            "accounts/link_invalid.html", message=message_of(error)
        ), error.status
    existing = accounts.get_user_by_email(db.session, invite.email)
    if existing is not None:
        return _accept_invite_with_account(token, invite, existing, now)

    form = InviteAcceptForm()
    if request.method == "POST":
        if not form.validate():
            return render_template("accounts/invite.html", form=form, invite=invite), 422
        user = accounts.accept_invite_new_account(
            db.session,
            token=token,
            name=form.name.data,
            password=form.password.data,
            locale=str(get_locale()),
            now=now,
        )
        db.session.commit()
        sessions.start(user)
        flash(gettext("Welcome to Polku, %(name)s!", name=user.name), "success")
        return redirect(safe_next_url(request.args.get("next")))
    return render_template("accounts/invite.html", form=form, invite=invite)


def _accept_invite_with_account(token, invite, existing, now):
    """The invited email has an account: sign in as it, then take the new roles."""
    if not current_user.is_authenticated:
        flash(gettext("You already have an account. Log in to accept the invite."), "info")
        here = url_for("accounts.accept_invite", token=token, next=request.args.get("next"))
        return redirect(url_for("accounts.login", next=here))
    if current_user.id != existing.id:
        abort(403)
    if request.method == "POST":
        accounts.accept_invite_existing_account(db.session, token=token, user=current_user, now=now)
        db.session.commit()
        flash(gettext("The invite has been accepted."), "success")
        return redirect(safe_next_url(request.args.get("next")))
    return render_template("accounts/invite_existing.html", invite=invite)
