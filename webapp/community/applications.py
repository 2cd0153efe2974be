"""The entrepreneur community's hub page and directory, and applications to join it."""

from functools import partial

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext
from flask_login import current_user, login_required

from quests import accounts, community
from quests.clock import utcnow
from quests.errors import DomainError
from quests.roles import Capability
from webapp.auth import capability_required
from webapp.community.blueprint import bp
from webapp.community.forms import ApplicationForm, DecisionForm, ReplyForm
from webapp.errors import failed, message_of, show_on_form
from webapp.extensions import db, limiter
from webapp.mail import send_template


@bp.get("")
@login_required
def index():
    return render_template(
        "community/index.html",
        entrepreneurs=community.directory(db.session),
        my_applications=community.applications_of(db.session, current_user),
    )


# --- applying ---------------------------------------------------------------


def _status_link(token: str) -> str:
    return url_for("community.application_status", token=token, _external=True)


@bp.route("/apply", methods=["GET", "POST"])
@limiter.limit("10/hour", methods=["POST"])
def apply():
    form = ApplicationForm()
    if request.method == "GET" and current_user.is_authenticated:
        form.name.data, form.email.data = current_user.name, current_user.email
    if request.method == "GET":
        return render_template("community/apply.html", form=form)
    if not form.validate():
        return render_template("community/apply.html", form=form), 422
    data = community.ApplicationInput(
        name=form.name.data,
        email=form.email.data,
        phone=form.phone.data,
        business_name=form.business_name.data,
        sector=form.sector.data,
        website=form.website.data,
        stage=form.stage.data,
        expectations=form.expectations.data,
        needs=form.needs.data or [],
        cooperation=form.cooperation.data,
    )
    user = current_user if current_user.is_authenticated else None
    try:
        application, token = community.submit_application(
            db.session, data=data, user=user, locale=str(get_locale()), now=utcnow()
        )
    except (community.DuplicateApplication, community.AlreadyEntrepreneur) as error:
        # The same answer as a new application: the email says what happened, so the form
        # cannot be used to learn whose address has an account or an application.
        db.session.rollback()
        send_template(
            accounts.normalize_email(data.email),
            "community_application_not_opened",
            str(get_locale()),
            name=data.name.strip(),
            reason=error,
            login=url_for("accounts.login", _external=True),
        )
        return _applied(data)
    except DomainError as error:
        show_on_form(form, error)
        return render_template("community/apply.html", form=form), error.status
    db.session.commit()
    send_template(
        application.email,
        "community_application_received",
        application.locale,
        name=application.name,
        business=application.business_name,
        link=_status_link(token),
    )
    return _applied(data)


def _applied(data):
    return render_template(
        "community/applied.html", name=data.name.strip(), business=data.business_name.strip()
    ), 201


@bp.route("/applications/status/<token>", methods=["GET", "POST"])
def application_status(token):
    try:
        application = community.application_by_token(db.session, token)
    except DomainError as error:
        return render_template(
            "accounts/link_invalid.html", message=message_of(error)
        ), error.status
    form = ReplyForm()
    if request.method == "POST":
        if not form.validate():
            return render_template("community/status.html", application=application, form=form), 422
        community.reply_to_application(
            db.session, application=application, reply=form.reply.data, now=utcnow()
        )
        db.session.commit()
        flash(gettext("Thank you. Your answer has been sent to the administrator."), "success")
        return redirect(url_for("community.application_status", token=token), 303)
    return render_template("community/status.html", application=application, form=form)


# --- the administrator's queue ---------------------------------------------------


def _queue(status=200, **context):
    return render_template(
        "community/applications.html",
        applications=community.application_queue(db.session, current_user),
        form=DecisionForm(formdata=None),
        **context,
    ), status


@bp.get("/applications")
@capability_required(Capability.ADMINISTER)
def applications():
    return _queue()


def _decide(application_id: int, decide):
    form = DecisionForm()
    if not form.validate():
        abort(422)
    try:
        done, mail = decide((form.message.data or "").strip())
    except DomainError as error:
        return _queue(status=error.status, error=failed(error), error_id=application_id)
    db.session.commit()
    # Only now does the link in the email lead somewhere.
    mail()
    flash(done, "success")
    return redirect(url_for("community.applications"), 303)


@bp.post("/applications/<int:application_id>/accept")
@capability_required(Capability.ADMINISTER)
def accept_application(application_id):
    def decide(_message):
        application, _invite, token = community.accept_application(
            db.session, actor=current_user, application_id=application_id, now=utcnow()
        )

        mail = partial(
            send_template,
            application.email,
            "community_application_accepted",
            application.locale,
            name=application.name,
            link=url_for("accounts.accept_invite", token=token, _external=True),
        )

        done = gettext(
            "%(name)s has been accepted and the invite link sent.", name=application.name
        )
        return done, mail

    return _decide(application_id, decide)


@bp.post("/applications/<int:application_id>/ask")
@capability_required(Capability.ADMINISTER)
def ask_for_information(application_id):
    def decide(message):
        application, token = community.ask_for_information(
            db.session,
            actor=current_user,
            application_id=application_id,
            question=message,
            now=utcnow(),
        )

        mail = partial(
            send_template,
            application.email,
            "community_application_question",
            application.locale,
            name=application.name,
            question=application.admin_message,
            link=_status_link(token),
        )

        done = gettext("Your question has been sent to %(name)s.", name=application.name)
        return done, mail

    return _decide(application_id, decide)


@bp.post("/applications/<int:application_id>/decline")
@capability_required(Capability.ADMINISTER)
def decline_application(application_id):
    def decide(message):
        application, token = community.decline_application(
            db.session,
            actor=current_user,
            application_id=application_id,
            reason=message,
            now=utcnow(),
        )

        mail = partial(
            send_template,
            application.email,
            "community_application_declined",
            application.locale,
            name=application.name,
            reason=application.admin_message,
            link=_status_link(token),
        )

        done = gettext("The application of %(name)s was declined.", name=application.name)
        return done, mail

    return _decide(application_id, decide)
