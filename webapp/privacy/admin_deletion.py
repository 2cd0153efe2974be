"""An administrator deletes an account when the person asks for it (GDPR art. 17) and cannot
do it themselves; the administrator confirms with their own password."""

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import func, select

from quests.errors import DomainError, NotFound
from quests.models import User
from quests.roles import Capability
from webapp.auth import capability_required
from webapp.errors import show_on_form
from webapp.extensions import db
from webapp.privacy import deletion
from webapp.privacy.forms import AdminDeleteForm

bp = Blueprint("privacy_admin", __name__, url_prefix="/admin/accounts")


def _page(form, status=200):
    return render_template("privacy/admin_delete.html", form=form), status


@bp.get("/delete")
@capability_required(Capability.ADMINISTER)
def delete_form():
    return _page(AdminDeleteForm())


@bp.post("/delete")
@capability_required(Capability.ADMINISTER)
def delete_account():
    form = AdminDeleteForm()
    if not form.validate():
        return _page(form, 422)
    email = form.email.data.strip().lower()
    user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    try:
        if user is None:
            raise NotFound(field="email")
        deletion.delete_account(actor=current_user, user=user, password=form.password.data)
    except DomainError as error:
        if error.status == 404:
            # The admin may see every account: say so beside the field instead of a 404 page.
            form.email.errors = [gettext("No account has that email address.")]
            return _page(form, 422)
        show_on_form(form, error)
        return _page(form, error.status)
    current_app.logger.info(
        "account %s deleted by administrator %s on request: %s",
        user.id,
        current_user.id,
        form.request_note.data,
    )
    flash(gettext("The account and its data have been deleted."), "success")
    return redirect(url_for("privacy_admin.delete_form"), 303)
