"""Open Badges 3.0 public addresses: the issuer's DID document, the signed status lists,
and a page where anyone checks a credential or a baked badge image.

What a verifier needs offline is only these two: the DID document (the keys) and the
status lists. Nothing a visitor pastes or uploads is stored.
"""

import json

from flask import Blueprint, current_app, jsonify, make_response, render_template, request
from flask_babel import gettext
from sqlalchemy import select

from quests import credential_baking, credentials, signing_keys, status_list
from quests.badge_models import BadgeAward
from quests.clock import utcnow
from webapp.badges import signing
from webapp.badges.forms import VerifyCredentialForm
from webapp.extensions import db, limiter

bp = Blueprint("credentials", __name__)
MAX_IMAGE_BYTES = 2 * 1024 * 1024


@bp.get("/.well-known/did.json")
def did_document():
    app = current_app._get_current_object()
    document = signing_keys.did_document(
        signing.issuer_did(app), signing.published_keys(db.session, app)
    )
    response = jsonify(document)
    response.mimetype = "application/did+json"
    response.headers["Access-Control-Allow-Origin"] = "*"
    # Short, so a key added by a rotation reaches verifiers within minutes.
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/ob/status/<any(revocation, suspension):purpose>")
def status(purpose):
    """The list as a signed VC-JWT, fresh for every request; caches may keep it 5 minutes."""
    app = current_app._get_current_object()
    now = utcnow().replace(microsecond=0)
    url = signing.urls(app).status_list(purpose)
    encoded = status_list.encode(status_list.set_indices(db.session, purpose))
    document = status_list.list_credential(signing.issuer_did(app), url, purpose, encoded, now)
    key = signing.current_key(app)
    signing_keys.register(db.session, key, now)
    db.session.commit()
    token = credentials.sign_status_list(document, key, now)
    response = make_response(token)
    response.mimetype = credentials.MEDIA_TYPE
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


ENVELOPED_PREFIX = "data:application/vc+jwt,"


def _problem(kind: str) -> str:
    return {
        "nothing": gettext("Paste a credential or choose a badge image."),
        "no_credential": gettext(
            "No Open Badges 3.0 credential was found in that file. Use a PNG or SVG of at most "
            "2 MB downloaded from the badge's page."
        ),
        "json": gettext("That text is neither a signed credential (JWT) nor valid JSON."),
    }[kind]


def _token_from(form: VerifyCredentialForm) -> tuple[str | None, str | None]:
    """(the credential text, or None with what was wrong)."""
    upload = form.image.data
    if upload is not None and getattr(upload, "filename", ""):
        data = upload.stream.read(MAX_IMAGE_BYTES + 1)
        if len(data) > MAX_IMAGE_BYTES:
            return None, "no_credential"
        try:
            return credential_baking.extract(data), None
        except credential_baking.NotBaked:
            return None, "no_credential"
    text = (form.credential.data or "").strip()
    return (text, None) if text else (None, "nothing")


def _check_json(text: str) -> credentials.Report | None:
    """A credential as JSON carries no signature of its own: it verifies when it is, word for
    word, a credential the hub signed (or an enveloped VC-JWT). None when it is not JSON."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(document, dict):
        return None
    enveloped = document.get("id")
    if isinstance(enveloped, str) and enveloped.startswith(ENVELOPED_PREFIX):
        return signing.check(enveloped[len(ENVELOPED_PREFIX) :])
    award = None
    if isinstance(document.get("id"), str):
        award = db.session.scalar(
            select(BadgeAward).where(BadgeAward.credential_id == document["id"])
        )
    report = credentials.Report()
    if award is None or award.credential_jwt is None:
        report.add("issued_here", False)
        report.verdict = "foreign"
        return report
    if credentials.document_of(award.credential_jwt) != document:
        report.add("issued_here", True)
        report.add("unchanged", False)
        return report
    checked = signing.check(award.credential_jwt)
    checked.checks.insert(0, ("unchanged", True))
    return checked


@bp.route("/verify", methods=["GET", "POST"])
@limiter.limit("30/minute", methods=["POST"])
def verify_any():
    form = VerifyCredentialForm()
    if request.method == "GET":
        return render_template("badges/verify_any.html", form=form, report=None)
    if not form.validate():
        return render_template("badges/verify_any.html", form=form, report=None), 422
    text, problem = _token_from(form)
    report = None
    if text is not None:
        report = _check_json(text) if text.startswith("{") else signing.check(text)
        if report is None:
            problem = "json"
    if problem:
        form.form_errors.append(_problem(problem))
        return render_template("badges/verify_any.html", form=form, report=None), 422
    return render_template("badges/verify_any.html", form=form, report=report)
