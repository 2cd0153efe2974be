"""Public Open Badges pages: no login, unguessable addresses.

The verification page says valid, expired or revoked; the JSON-LD documents are
the hosted verification the Open Badges 2.0 specification describes. A badge its
student has hidden answers 404, as if it did not exist.
"""

from flask import Blueprint, abort, current_app, jsonify, make_response, render_template, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.utils import secure_filename

from quests import open_badges
from quests.badge_models import BadgeAward, BadgeClass
from quests.clock import utcnow
from webapp.badges import images as badge_images
from webapp.badges import signing
from webapp.badges.urls import SiteUrls
from webapp.extensions import db

bp = Blueprint("open_badges", __name__)
JSON_LD = "application/ld+json"


def _json(document: dict, status: int = 200):
    response = jsonify(document)
    response.status_code = status
    response.mimetype = JSON_LD
    response.headers["Access-Control-Allow-Origin"] = "*"  # verifiers fetch from anywhere
    return response


def _class_or_404(public_id: str) -> BadgeClass:
    badge = db.session.scalar(select(BadgeClass).where(BadgeClass.public_id == public_id))
    if badge is None:
        abort(404)
    return badge


def _award_or_404(public_id: str) -> BadgeAward:
    award = db.session.scalar(
        select(BadgeAward)
        .where(BadgeAward.public_id == public_id)
        .options(selectinload(BadgeAward.badge), selectinload(BadgeAward.recipient))
    )
    if award is None or award.hidden:
        abort(404)
    return award


@bp.get("/ob/issuer")
def issuer():
    config = current_app.config
    return _json(
        open_badges.issuer(
            SiteUrls(),
            name=config["BADGE_ISSUER_NAME"],
            url=config["BADGE_ISSUER_URL"] or url_for("home.index", _external=True),
            email=config["BADGE_ISSUER_EMAIL"],
        )
    )


@bp.get("/ob/badges/<public_id>")
def badge_class(public_id):
    return _json(open_badges.badge_class(SiteUrls(), _class_or_404(public_id)))


@bp.get("/ob/badges/<public_id>/image")
def badge_image(public_id):
    badge = _class_or_404(public_id)
    response = make_response(badge_images.read(badge.image_name))
    response.mimetype = badge.image_type
    response.headers["Cache-Control"] = "public, max-age=86400"
    # An SVG opened on its own runs nothing, and cannot navigate or submit anywhere.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
    )
    return response


@bp.get("/ob/badges/<public_id>/criteria")
def criteria(public_id):
    return render_template("badges/criteria.html", badge=_class_or_404(public_id))


@bp.get("/ob/assertions/<public_id>")
def assertion(public_id):
    award = _award_or_404(public_id)
    if award.revoked_at is not None:
        return _json(open_badges.revoked(SiteUrls(), award), 410)
    return _json(open_badges.assertion(SiteUrls(), award))


@bp.get("/verify/<public_id>")
def verify(public_id):
    award = _award_or_404(public_id)
    return render_template(
        "badges/verify.html",
        award=award,
        status=award.status(utcnow()),
        assertion_url=SiteUrls().assertion(award),
        report=signing.check(award.credential_jwt) if award.credential_jwt else None,
    )


@bp.get("/verify/<public_id>/badge.<extension>")
def baked(public_id, extension):
    award = _award_or_404(public_id)
    if award.revoked_at is not None:
        abort(410)
    image = badge_images.read(award.badge.image_name)
    url = SiteUrls().assertion(award)
    if extension == "png" and award.badge.image_type == badge_images.PNG:
        body, mimetype = badge_images.bake_png(image, url), badge_images.PNG
    elif extension == "svg" and award.badge.image_type == badge_images.SVG:
        body, mimetype = badge_images.bake_svg(image, url), badge_images.SVG
    else:
        abort(404)
    response = make_response(body)
    response.mimetype = mimetype
    filename = secure_filename(f"{award.badge.name}.{extension}") or f"badge.{extension}"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
