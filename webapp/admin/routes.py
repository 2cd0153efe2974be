"""Administration: invites for teachers, entrepreneurs and employers."""

from flask import Blueprint, url_for
from flask_babel import get_locale
from flask_login import current_user

from quests import accounts
from quests.clock import utcnow
from quests.roles import Capability, Role
from webapp.admin.forms import InviteForm
from webapp.auth import capability_required
from webapp.extensions import db
from webapp.htmx import render_page_or_block
from webapp.mail import send_template

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _invites_page(form, status=200, new_link=None):
    return render_page_or_block(
        "admin/invites.html",
        "invite_section",
        status=status,
        form=form,
        invites=accounts.recent_invites(db.session),
        now=utcnow(),
        new_link=new_link,
    )


@bp.get("/invites")
@capability_required(Capability.ADMINISTER)
def invites():
    return _invites_page(InviteForm())


@bp.post("/invites")
@capability_required(Capability.ADMINISTER)
def create_invite():
    form = InviteForm()
    if not form.validate():
        return _invites_page(form, status=422)
    invite, token = accounts.create_invite(
        db.session,
        admin=current_user,
        email=form.email.data,
        roles=[Role(value) for value in form.roles.data],
        now=utcnow(),
    )
    db.session.commit()
    link = url_for("accounts.accept_invite", token=token, _external=True)
    send_template(invite.email, "invite", str(get_locale()), admin=current_user.name, link=link)
    return _invites_page(InviteForm(formdata=None), status=201, new_link=link)
