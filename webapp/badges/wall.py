"""The student's badge wall, a badge's own page, sharing choices, and applying for a badge."""

import segno
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.utils import secure_filename

from quests import badge_applications, badges, credential_baking, credentials
from quests.badge_models import BadgeAward, BadgeClass
from quests.clock import utcnow
from quests.errors import DomainError
from quests.quest_models import EvidenceKind
from webapp import storage
from webapp.badges import images as badge_images
from webapp.badges import signing
from webapp.badges.forms import ApplicationForm, DidForm, PrivacyForm, RevokeForm, SuspendForm
from webapp.badges.urls import SiteUrls
from webapp.errors import failed
from webapp.extensions import db

bp = Blueprint("badges", __name__)


def _wall_page(did_form: DidForm | None = None, status: int = 200):
    awards = badges.wall(db.session, current_user)
    held = {a.badge_id for a in awards if a.revoked_at is None}
    return (
        render_template(
            "badges/wall.html",
            awards=awards,
            next_badges=badges.next_badges(db.session, current_user, held),
            open_classes=badges.open_classes(db.session, current_user, held),
            now=utcnow(),
            did_form=did_form or DidForm(formdata=None, did=current_user.did or ""),
        ),
        status,
    )


@bp.get("/badges")
@login_required
def wall():
    return _wall_page()


@bp.post("/badges/did")
@login_required
def did():
    form = DidForm()
    if form.validate():
        try:
            badges.set_did(db.session, actor=current_user, did=form.did.data or "")
        except DomainError as error:
            form.did.errors.append(failed(error))
        else:
            db.session.commit()
            flash(gettext("Your DID is saved. Badges you earn from now on name it."), "success")
            return redirect(url_for("badges.wall"), 303)
    return _wall_page(form, 422)


def _award_or_404(public_id: str) -> BadgeAward:
    award = db.session.scalar(select(BadgeAward).where(BadgeAward.public_id == public_id))
    if award is None:
        abort(404)
    if not badges.can_view_award(db.session, current_user, award):
        abort(403)
    return award


def _page(award: BadgeAward, status: int = 200, **forms):
    share_url = url_for("open_badges.verify", public_id=award.public_id, _external=True)
    return (
        render_template(
            "badges/badge.html",
            award=award,
            status=award.status(utcnow()),
            privacy_form=forms.get("privacy_form")
            or PrivacyForm(formdata=None, hidden=award.hidden, show_name=award.show_name),
            revoke_form=forms.get("revoke_form") or RevokeForm(formdata=None),
            can_revoke=badges.can_manage_award(db.session, current_user, award)
            and award.revoked_at is None,
            share_url=share_url,
            qr_code=segno.make(share_url, error="m").svg_inline(
                scale=4, dark="#000", light="#fff", border=2, omitsize=True
            ),
            assertion_url=SiteUrls().assertion(award),
            suspend_form=SuspendForm(formdata=None),
        ),
        status,
    )


@bp.get("/badges/<public_id>")
@login_required
def badge(public_id):
    return _page(_award_or_404(public_id))


@bp.post("/badges/<public_id>/privacy")
@login_required
def privacy(public_id):
    award = _award_or_404(public_id)
    form = PrivacyForm()
    if not form.validate():
        abort(400)
    badges.set_privacy(
        award, actor=current_user, hidden=form.hidden.data, show_name=form.show_name.data
    )
    db.session.commit()
    flash(gettext("Your sharing choices are saved."), "success")
    return redirect(url_for("badges.badge", public_id=public_id), 303)


@bp.post("/badges/<public_id>/revoke")
@login_required
def revoke(public_id):
    award = _award_or_404(public_id)
    form = RevokeForm()
    if not form.validate():
        return _page(award, status=422, revoke_form=form)
    badges.revoke(
        db.session, actor=current_user, award=award, reason=form.reason.data, now=utcnow()
    )
    db.session.commit()
    flash(gettext("The badge is revoked. Its public page now says so."), "success")
    return redirect(url_for("badges.badge", public_id=public_id), 303)


@bp.post("/badges/<public_id>/suspend")
@login_required
def suspend(public_id):
    award = _award_or_404(public_id)
    if not SuspendForm().validate():
        abort(400)
    badges.suspend(db.session, actor=current_user, award=award, now=utcnow())
    db.session.commit()
    flash(gettext("The badge is suspended until you resume it."), "success")
    return redirect(url_for("badges.badge", public_id=public_id), 303)


@bp.post("/badges/<public_id>/resume")
@login_required
def resume(public_id):
    award = _award_or_404(public_id)
    if not SuspendForm().validate():
        abort(400)
    badges.resume(db.session, actor=current_user, award=award)
    db.session.commit()
    flash(gettext("The badge is valid again."), "success")
    return redirect(url_for("badges.badge", public_id=public_id), 303)


DOWNLOADS = {
    "jwt": credentials.MEDIA_TYPE,
    "json": "application/json",
    "png": badge_images.PNG,
    "svg": badge_images.SVG,
}


@bp.get("/badges/<public_id>/credential.<any(jwt, json, png, svg):extension>")
@login_required
def credential(public_id, extension):
    """The Open Badges 3.0 credential to keep: as a VC-JWT, as JSON, or baked into the image."""
    award = _award_or_404(public_id)
    if award.revoked_at is not None:
        abort(410)
    token = award.credential_jwt
    if token is None:  # an award from before 3.0 that the backfill has not reached yet
        token = signing.issue(db.session, award, current_app._get_current_object())
        db.session.commit()
    if extension == "jwt":
        body = token
    elif extension == "json":
        body = credentials.pretty(credentials.document_of(token))
    else:
        image = badge_images.read(award.badge.image_name)
        if extension == "png" and award.badge.image_type == badge_images.PNG:
            body = credential_baking.bake_png(image, token)
        elif extension == "svg" and award.badge.image_type == badge_images.SVG:
            body = credential_baking.bake_svg(image, token)
        else:
            abort(404)
    response = make_response(body)
    response.mimetype = DOWNLOADS[extension]
    name = secure_filename(award.badge.name) or "badge"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _class_or_404(public_id: str) -> BadgeClass:
    badge_class = db.session.scalar(select(BadgeClass).where(BadgeClass.public_id == public_id))
    if badge_class is None:
        abort(404)
    return badge_class


def _application_form(form=None) -> ApplicationForm:
    form = form or ApplicationForm()
    form.quests.choices = [
        (quest.id, quest.title)
        for _, quest in badges.approved_quests(db.session, [current_user.id])
    ]
    return form


@bp.route("/badges/apply/<public_id>", methods=["GET", "POST"])
@login_required
def apply(public_id):
    badge_class = _class_or_404(public_id)
    form = _application_form()
    if request.method == "GET":
        return render_template("badges/apply.html", badge=badge_class, form=form)
    if not form.validate():
        return render_template("badges/apply.html", badge=badge_class, form=form), 422
    try:
        file = None
        upload = request.files.get("file")
        if upload is not None and upload.filename:
            saved = storage.save(upload, EvidenceKind.FILE)
            file = (saved.stored_name, saved.original_name, saved.content_type)
        badge_applications.apply(
            db.session,
            student=current_user,
            badge=badge_class,
            text=form.text.data or "",
            quest_ids=form.quests.data or [],
            file=file,
            now=utcnow(),
        )
        db.session.commit()
    except DomainError as error:
        form.form_errors.append(failed(error))
        return render_template("badges/apply.html", badge=badge_class, form=form), error.status
    flash(gettext("Your application is sent. Your teacher will answer it."), "success")
    return redirect(url_for("badges.wall"), 303)
