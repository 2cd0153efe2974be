"""/accessibility: the statement in the reader's language, the feedback form open to anyone,
and the administrators' queue of feedback with its 14-day reply due date."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext
from flask_login import current_user

from quests import accessibility_feedback as feedback
from quests.clock import helsinki_day, utcnow
from quests.errors import DomainError
from quests.feedback_models import AccessibilityFeedback
from quests.roles import Capability
from webapp.accessibility.forms import FeedbackForm, ReplyForm
from webapp.auth import capability_required
from webapp.errors import show_on_form
from webapp.extensions import db, limiter
from webapp.mail import send_template

bp = Blueprint("accessibility", __name__, url_prefix="/accessibility")

# The day the statement was last reviewed against the pages; update it with the text.
REVIEWED_ON = date(2026, 11, 29)
STATEMENT_LANGUAGES = ("fi", "sv", "en")


def _statement_language() -> str:
    locale = str(get_locale())
    return locale if locale in STATEMENT_LANGUAGES else "fi"


@bp.get("")
def statement():
    return render_template(
        "accessibility/statement.html",
        language=_statement_language(),
        reviewed_on=REVIEWED_ON,
        reply_days=feedback.REPLY_DAYS,
    )


def _feedback_page(form, status=200):
    return render_template("accessibility/feedback.html", form=form), status


@bp.route("/feedback", methods=["GET", "POST"])
@limiter.limit("5/hour", methods=["POST"])
def send_feedback():
    form = FeedbackForm()
    if request.method == "GET":
        if current_user.is_authenticated:
            form.name.data, form.email.data = current_user.name, current_user.email
        form.page.data = request.args.get("page", "")[:500]
        return _feedback_page(form)
    if not form.validate():
        return _feedback_page(form, 422)
    data = feedback.FeedbackInput(
        name=form.name.data or "",
        email=form.email.data,
        page=form.page.data or "",
        message=form.message.data,
        locale=str(get_locale()),
    )
    try:
        sent = feedback.submit(db.session, data=data, now=utcnow())
    except DomainError as error:
        show_on_form(form, error)
        return _feedback_page(form, error.status)
    db.session.commit()
    send_template(
        sent.email,
        "accessibility_feedback_received",
        sent.locale,
        reference=sent.reference,
        due=sent.reply_due_on,
    )
    return render_template("accessibility/feedback_sent.html", feedback=sent), 201


def _reply_form(feedback_id: int) -> ReplyForm:
    # A prefix per message keeps the field ids on the queue page unique.
    return ReplyForm(prefix=f"reply-{feedback_id}", formdata=None)


def _queue_page(forms=None, status=200):
    return (
        render_template(
            "accessibility/queue.html",
            messages=feedback.queue(db.session, actor=current_user),
            forms=forms or {},
            today=helsinki_day(utcnow()),
            days_left=feedback.days_left,
            reply_form=_reply_form,
        ),
        status,
    )


@bp.get("/feedback/queue")
@capability_required(Capability.ADMINISTER)
def queue():
    return _queue_page()


@bp.post("/feedback/<int:feedback_id>/reply")
@capability_required(Capability.ADMINISTER)
def reply(feedback_id: int):
    if db.session.get(AccessibilityFeedback, feedback_id) is None:
        abort(404)
    form = ReplyForm(prefix=f"reply-{feedback_id}")
    if not form.validate():
        return _queue_page({feedback_id: form}, 422)
    try:
        answered = feedback.reply(
            db.session,
            actor=current_user,
            feedback_id=feedback_id,
            text=form.reply.data,
            now=utcnow(),
        )
    except DomainError as error:
        show_on_form(form, error)
        return _queue_page({feedback_id: form}, error.status)
    db.session.commit()
    send_template(
        answered.email,
        "accessibility_feedback_reply",
        answered.locale,
        reference=answered.reference,
        message=answered.message,
        reply=answered.reply,
    )
    flash(gettext("Your reply to %(reference)s was sent.", reference=answered.reference), "success")
    return redirect(url_for("accessibility.queue"), 303)
