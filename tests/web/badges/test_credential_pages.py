"""The pages around Open Badges 3.0 credentials: verify a pasted credential or a baked image,
the public verification page, the badge page's downloads and QR code, the key commands."""

import io
import json
import os
import stat
from datetime import UTC, datetime

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import delete, select

from quests import badges, credentials
from quests.badge_models import BadgeAward, SigningKey, StatusEntry
from tests.conftest import page_token
from tests.web.badges.test_open_badges_credentials import (
    _award,
    _student_client,
    _with_award,
    verify,
)


def _post_verify(app, **fields):
    client = app.test_client()
    data = {"csrf_token": page_token(client, "/verify"), **fields}
    return client.post("/verify", data=data, content_type="multipart/form-data")


def test_pasted_credential_is_checked_and_said_in_words(app):
    _, token, _ = _award(app)
    response = _post_verify(app, credential=token)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "verdict-valid" in page
    for check in ("check-passed",):
        assert page.count(check) == 7  # format, issuer, signature, two dates, two lists


def test_pasted_tampered_credential_is_not_valid(app):
    _, token, _ = _award(app)
    header, payload, signature = token.split(".")
    claims = jwt.decode(token, options={"verify_signature": False})
    claims["name"] = "Jotain muuta"
    changed = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    page = _post_verify(app, credential=f"{header}.{changed}.{signature}").get_data(as_text=True)
    assert "verdict-invalid" in page and "check-failed" in page


def test_credential_signed_by_another_key_is_not_valid(app):
    _, token, _ = _award(app)
    claims = jwt.decode(token, options={"verify_signature": False})
    forged = jwt.encode(
        claims,
        Ed25519PrivateKey.generate(),
        algorithm="EdDSA",
        headers={"kid": jwt.get_unverified_header(token)["kid"]},
    )
    assert "verdict-invalid" in _post_verify(app, credential=forged).get_data(as_text=True)


def test_revoked_credential_reads_revoked_on_the_verify_page(app):
    public_id, token, _ = _award(app)
    _with_award(
        app,
        public_id,
        lambda s, a: badges.revoke(
            s, actor=a.awarded_by, award=a, reason="Virhe", now=datetime.now(UTC)
        ),
    )
    assert "verdict-revoked" in _post_verify(app, credential=token).get_data(as_text=True)


def test_pasted_json_verifies_only_unchanged(app):
    _, token, _ = _award(app)
    document = credentials.document_of(token)
    page = _post_verify(app, credential=json.dumps(document)).get_data(as_text=True)
    assert "verdict-valid" in page
    document["credentialSubject"]["achievement"]["name"] = "Toinen merkki"
    page = _post_verify(app, credential=json.dumps(document)).get_data(as_text=True)
    assert "verdict-invalid" in page
    enveloped = {"id": "data:application/vc+jwt," + token, "type": "EnvelopedVerifiableCredential"}
    assert "verdict-valid" in _post_verify(app, credential=json.dumps(enveloped)).get_data(
        as_text=True
    )


def test_dropped_baked_image_is_checked(app):
    public_id, _, _ = _award(app)
    png = _student_client(app).get(f"/badges/{public_id}/credential.png").data
    response = _post_verify(app, image=(io.BytesIO(png), "merkki.png"), credential="")
    assert response.status_code == 200
    assert "verdict-valid" in response.get_data(as_text=True)


def test_bad_input_gets_a_message_not_an_error(app, monkeypatch):
    from webapp.badges import credentials as credential_views

    assert _post_verify(app, credential="").status_code == 422
    response = _post_verify(app, image=(io.BytesIO(b"\x89PNG not really"), "x.png"))
    assert response.status_code == 422
    assert "form-errors" in response.get_data(as_text=True)
    assert _post_verify(app, credential="{not json").status_code == 422
    assert _post_verify(app, credential='{"a":' + "[" * 20_000).status_code == 422
    assert "verdict-invalid" in _post_verify(app, credential="a.b.c").get_data(as_text=True)
    public_id, _, _ = _award(app)
    png = _student_client(app).get(f"/badges/{public_id}/credential.png").data
    monkeypatch.setattr(credential_views, "MAX_IMAGE_BYTES", len(png) - 1)
    assert _post_verify(app, image=(io.BytesIO(png), "iso.png")).status_code == 422


def test_public_verification_page_checks_the_credential_too(app):
    public_id, _, _ = _award(app)
    page = app.test_client().get(f"/verify/{public_id}").get_data(as_text=True)
    assert "Open Badges 3.0" in page and "verdict-valid" in page
    _with_award(
        app,
        public_id,
        lambda s, a: badges.suspend(s, actor=a.awarded_by, award=a, now=datetime.now(UTC)),
    )
    page = app.test_client().get(f"/verify/{public_id}").get_data(as_text=True)
    assert "verdict-suspended" in page


def test_badge_page_offers_downloads_and_a_qr_code(app):
    public_id, _, _ = _award(app)
    page = _student_client(app).get(f"/badges/{public_id}").get_data(as_text=True)
    for extension in ("jwt", "json", "png"):
        assert f"/badges/{public_id}/credential.{extension}" in page
    assert "<svg" in page and 'class="qr-code"' in page


def test_issue_credentials_backfills_awards_from_before(app):
    from webapp.extensions import db

    public_id, old_token, _ = _award(app)
    with app.app_context():
        db.session.execute(delete(StatusEntry))
        award = db.session.scalar(select(BadgeAward).where(BadgeAward.public_id == public_id))
        award.credential_jwt = None
        award.credential_id = None
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["badges", "issue-credentials"])
    assert "Issued 1 credential(s)." in result.output
    with app.app_context():
        token = db.session.scalar(
            select(BadgeAward.credential_jwt).where(BadgeAward.public_id == public_id)
        )
    assert token and token != old_token
    verify(app, token)
    again = app.test_cli_runner().invoke(args=["badges", "issue-credentials"])
    assert "Issued 0 credential(s)." in again.output


def test_key_is_made_on_first_use_and_rotation_keeps_old_credentials(app, make_app, tmp_path):
    # The `app` fixture empties the tables afterwards; the awards are made by an app without a key.
    from webapp.extensions import db

    keyless = make_app(BADGE_SIGNING_KEY=None)
    keyless.instance_path = str(tmp_path)
    _, first, _ = _award(keyless)
    key_file = tmp_path / "badge_signing_key.pem"
    assert key_file.exists()
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    result = keyless.test_cli_runner().invoke(args=["badges", "rotate-key"])
    assert result.exit_code == 0, result.output
    _, second, _ = _award(keyless)
    assert jwt.get_unverified_header(first)["kid"] != jwt.get_unverified_header(second)["kid"]
    verify(keyless, first)
    verify(keyless, second)
    with keyless.app_context():
        assert db.session.query(SigningKey).count() == 2
        db.session.execute(delete(SigningKey))
        db.session.commit()
