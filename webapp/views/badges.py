"""The student's badge wall, a badge's own page, sharing choices, and applying for a badge."""

from datetime import UTC, datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import select

from quests import badges
from quests.badge_models import BadgeAward, BadgeClass
from quests.errors import DomainError
from quests.quest_models import EvidenceKind
from webapp import storage
from webapp.badge_forms import ApplicationForm, PrivacyForm, RevokeForm
from webapp.errors import message_of
from webapp.extensions import db
from webapp.open_badge_urls import SiteUrls

bp = Blueprint("badges", __name__)


def _now() -> datetime:
    return datetime.now(UTC)


@bp.get("/badges")
@login_required
def wall():
    awards = badges.wall(db.session, current_user)
    held = {a.badge_id for a in awards if a.revoked_at is None}
    return render_template(
        "badges/wall.html",
        awards=awards,
        next_badges=badges.next_badges(db.session, current_user, held),
        open_classes=badges.open_classes(db.session, current_user, held),
        now=_now(),
    )


def _award_or_404(public_id: str) -> BadgeAward:
    award = db.session.scalar(select(BadgeAward).where(BadgeAward.public_id == public_id))
    if award is None:
        abort(404)
    if not badges.can_view_award(db.session, current_user, award):
        abort(403)
    return award


def _page(award: BadgeAward, status: int = 200, **forms):
    return (
        render_template(
            "badges/badge.html",
            award=award,
            status=award.status(_now()),
            privacy_form=forms.get("privacy_form")
            or PrivacyForm(formdata=None, hidden=award.hidden, show_name=award.show_name),
            revoke_form=forms.get("revoke_form") or RevokeForm(formdata=None),
            can_revoke=badges.can_manage_award(db.session, current_user, award)
            and award.revoked_at is None,
            share_url=url_for("open_badges.verify", public_id=award.public_id, _external=True),
            assertion_url=SiteUrls().assertion(award),
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
    badges.revoke(db.session, actor=current_user, award=award, reason=form.reason.data, now=_now())
    db.session.commit()
    flash(gettext("The badge is revoked. Its public page now says so."), "success")
    return redirect(url_for("badges.badge", public_id=public_id), 303)


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
    stored = []
    try:
        file = None
        upload = request.files.get("file")
        if upload is not None and upload.filename:
            saved = storage.save(upload, EvidenceKind.FILE)
            stored.append(saved.stored_name)
            file = (saved.stored_name, saved.original_name, saved.content_type)
        badges.apply(
            db.session,
            student=current_user,
            badge=badge_class,
            text=form.text.data or "",
            quest_ids=form.quests.data or [],
            file=file,
            now=_now(),
        )
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        storage.delete(stored)
        form.form_errors.append(message_of(error))
        return render_template("badges/apply.html", badge=badge_class, form=form), error.status
    except Exception:
        db.session.rollback()
        storage.delete(stored)
        raise
    flash(gettext("Your application is sent. Your teacher will answer it."), "success")
    return redirect(url_for("badges.wall"), 303)
