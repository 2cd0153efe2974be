"""An administrator records that a student left the hub (retention counts from then), and
deletes an account when the person asks for it (GDPR art. 17) and cannot do it themselves,
confirming with their own password."""

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import func, select

from quests import account_deletion
from quests.clock import utcnow
from quests.errors import DomainError, NotFound
from quests.models import User
from quests.roles import Capability
from webapp.auth import capability_required
from webapp.errors import show_on_form
from webapp.extensions import db
from webapp.privacy import deletion
from webapp.privacy.forms import AdminDeleteForm, MarkLeftForm

bp = Blueprint("privacy_admin", __name__, url_prefix="/admin/accounts")


def _page(form=None, left_form=None, status=200):
    return (
        render_template(
            "privacy/admin_delete.html",
            form=form or AdminDeleteForm(formdata=None),
            left_form=left_form or MarkLeftForm(prefix="left", formdata=None),
        ),
        status,
    )


def _account(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


@bp.get("/delete")
@capability_required(Capability.ADMINISTER)
def delete_form():
    return _page()


@bp.post("/leave")
@capability_required(Capability.ADMINISTER)
def mark_left():
    form = MarkLeftForm(prefix="left")
    if not form.validate():
        return _page(left_form=form, status=422)
    user = _account(form.email.data)
    if user is None:
        form.email.errors = [gettext("No account has that email address.")]
        return _page(left_form=form, status=422)
    try:
        account_deletion.mark_left(db.session, actor=current_user, user=user, now=utcnow())
    except DomainError as error:
        show_on_form(form, error)
        return _page(left_form=form, status=error.status)
    db.session.commit()
    flash(gettext("%(name)s has left the hub; the account is closed.", name=user.name), "success")
    return redirect(url_for("privacy_admin.delete_form"), 303)


@bp.post("/delete")
@capability_required(Capability.ADMINISTER)
def delete_account():
    form = AdminDeleteForm()
    if not form.validate():
        return _page(form, status=422)
    user = _account(form.email.data)
    try:
        if user is None:
            raise NotFound(field="email")
        deletion.delete_account(actor=current_user, user=user, password=form.password.data)
    except DomainError as error:
        if error.status == 404:
            # The admin may see every account: say so beside the field instead of a 404 page.
            form.email.errors = [gettext("No account has that email address.")]
            return _page(form, status=422)
        show_on_form(form, error)
        return _page(form, status=error.status)
    current_app.logger.info(
        "account %s deleted by administrator %s on request: %s",
        user.id,
        current_user.id,
        form.request_note.data,
    )
    flash(gettext("The account and its data have been deleted."), "success")
    return redirect(url_for("privacy_admin.delete_form"), 303)
