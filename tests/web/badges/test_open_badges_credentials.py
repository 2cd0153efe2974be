"""Open Badges 3.0 credentials checked by an independent verifier, offline.

openbadgeslib (PyPI, 4.x) verifies the VC-JWT, resolves the issuer's did:web document and
reads the signed status lists; `download` hands it this app's answers instead of the network,
so all a verifier needs from the hub is its DID document and the status lists.
"""

import base64
import json
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from openbadgeslib.ob3 import OB3Verifier
from openbadgeslib.ob3.credential import IdentityObject
from openbadgeslib.ob3.verifier import OB3VerificationError
from sqlalchemy import delete, select

from quests import badges, credentials, signing_keys, status_list
from quests.badge_models import BadgeAward, StatusEntry
from quests.models import User
from tests import factories
from tests.conftest import log_in, page_token

DID = "did:web:localhost%3A5000"
EMAIL = "aino.virtanen@example.fi"


def downloader(app):
    """What a verifier would fetch from the hub, answered by the app itself."""
    client = app.test_client()

    def download(url: str) -> bytes:
        response = client.get(urlsplit(url).path)
        assert response.status_code == 200, url
        return response.data

    return download


def verify(app, token: str):
    download = downloader(app)
    verifier = OB3Verifier.for_issuer_did(DID, download=download)
    return verifier.verify(token, check_status=True, download=download)


def _award(app, *, valid_days=None, issued=None, image=None):
    """A teacher awards a badge with evidence and a narrative; the commit signs it."""
    from quests import lifecycle
    from webapp.extensions import db

    now = issued or datetime.now(UTC)
    with app.test_request_context():
        session = db.session
        teacher = factories.user(session, "teacher")
        student = session.scalar(select(User).where(User.email == EMAIL)) or factories.user(
            session, "student", email=EMAIL
        )
        factories.cohort(session, teacher=teacher, students=[student])
        quest = factories.goal(session, teacher, student, title="Asenna työasema")
        submission = factories.submitted(session, quest, student)
        lifecycle.approve(session, actor=teacher, submission=submission, feedback="", now=now)
        extra = {"image": image} if image else {}
        badge = factories.badge_class(
            session,
            teacher,
            name="Työaseman käyttöönotto",
            alignment=("TVT-1", "Asiakastuki", "https://eperusteet.opintopolku.fi/"),
            valid_days=valid_days,
            **extra,
        )
        badges.award_by_hand(
            session,
            actor=teacher,
            badge=badge,
            students=[student],
            quest_ids=[quest.id],
            narrative="Asensi työaseman asiakkaalle itsenäisesti.",
            now=now,
        )
        session.commit()
        award = session.scalar(select(BadgeAward).where(BadgeAward.badge_id == badge.id))
        return award.public_id, award.credential_jwt, teacher.email


def _with_award(app, public_id, change):
    from webapp.extensions import db

    with app.app_context():
        award = db.session.scalar(select(BadgeAward).where(BadgeAward.public_id == public_id))
        change(db.session, award)
        db.session.commit()


def test_new_award_verifies_with_an_independent_verifier(app):
    _, token, _ = _award(app)
    credential = verify(app, token)
    assert credential.issuer.id == DID
    assert credential.achievement.name == "Työaseman käyttöönotto"
    identity = credential.identifiers[0]
    assert identity.hashed and identity.identity_type == "emailAddress"
    # The verifier's own hash of the student's address and the salt matches: the badge is theirs.
    expected = IdentityObject.create(EMAIL, salt=identity.salt)
    assert identity.identity_hash == expected.identity_hash
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "EdDSA" and header["kid"].startswith(DID + "#")


def test_revoked_and_suspended_read_from_the_status_lists(app):
    public_id, token, _ = _award(app)

    def teacher_of(session, award):
        return award.awarded_by

    _with_award(
        app,
        public_id,
        lambda s, a: badges.suspend(s, actor=teacher_of(s, a), award=a, now=datetime.now(UTC)),
    )
    with pytest.raises(OB3VerificationError, match="suspension"):
        verify(app, token)
    _with_award(app, public_id, lambda s, a: badges.resume(s, actor=teacher_of(s, a), award=a))
    verify(app, token)
    _with_award(
        app,
        public_id,
        lambda s, a: badges.revoke(
            s, actor=teacher_of(s, a), award=a, reason="Väärin perustein", now=datetime.now(UTC)
        ),
    )
    with pytest.raises(OB3VerificationError, match="revocation"):
        verify(app, token)


def test_a_deleted_account_leaves_its_credentials_revoked(app):
    _, token, _ = _award(app)
    from webapp.extensions import db

    with app.app_context():
        db.session.execute(delete(User).where(User.email == EMAIL))
        db.session.commit()
        assert db.session.scalar(select(StatusEntry.award_id)) is None
    with pytest.raises(OB3VerificationError, match="revocation"):
        verify(app, token)


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_a_tampered_payload_fails(app):
    _, token, _ = _award(app)
    header, payload, signature = token.split(".")
    claims = jwt.decode(token, options={"verify_signature": False})
    claims["credentialSubject"]["achievement"]["name"] = "Johtamisen mestari"
    with pytest.raises(OB3VerificationError, match="[Ss]ignature"):
        verify(app, f"{header}.{_b64(claims)}.{signature}")


def test_a_credential_signed_by_another_key_fails(app):
    _, token, _ = _award(app)
    claims = jwt.decode(token, options={"verify_signature": False})
    kid = jwt.get_unverified_header(token)["kid"]
    forged = jwt.encode(
        claims, Ed25519PrivateKey.generate(), algorithm="EdDSA", headers={"kid": kid}
    )
    with pytest.raises(OB3VerificationError, match="[Ss]ignature"):
        verify(app, forged)


def test_an_expired_credential_fails(app):
    _, token, _ = _award(app, valid_days=30, issued=datetime.now(UTC) - timedelta(days=60))
    with pytest.raises(OB3VerificationError, match="expired"):
        verify(app, token)


def test_a_key_rotated_out_still_verifies_what_it_signed(app, make_app):
    _, old_token, _ = _award(app)
    rotated = make_app(BADGE_SIGNING_KEY=signing_keys.generate_pem())
    _, new_token, _ = _award(rotated)
    assert (
        jwt.get_unverified_header(old_token)["kid"] != jwt.get_unverified_header(new_token)["kid"]
    )
    document = json.loads(downloader(rotated)("/.well-known/did.json"))
    assert len(document["verificationMethod"]) == 2
    # The new key comes first: it signs the status lists that both credentials point to.
    assert document["verificationMethod"][0]["id"] == jwt.get_unverified_header(new_token)["kid"]
    verify(rotated, old_token)
    verify(rotated, new_token)
    # A key the hub stops publishing (say it leaked) no longer vouches for what it signed.
    from quests.badge_models import SigningKey
    from webapp.extensions import db

    old_fragment = jwt.get_unverified_header(old_token)["kid"].split("#")[1]
    with rotated.app_context():
        db.session.execute(delete(SigningKey).where(SigningKey.fragment == old_fragment))
        db.session.commit()
    with pytest.raises(OB3VerificationError, match="verificationMethod"):
        verify(rotated, old_token)
    verify(rotated, new_token)


def test_status_list_is_large_and_indices_are_random(app):
    _award(app)
    _award(app)
    from webapp.extensions import db

    with app.app_context():
        indices = sorted(db.session.scalars(select(StatusEntry.status_index)))
    assert len(indices) == 2 and indices != [0, 1]
    listed = jwt.decode(
        downloader(app)("/ob/status/revocation"), options={"verify_signature": False}
    )
    bits = status_list.decode(listed["credentialSubject"]["encodedList"])
    assert len(bits) * 8 == status_list.LIST_SIZE == 131_072
    assert not any(bits)
    response = app.test_client().get("/ob/status/revocation")
    assert response.mimetype == "application/vc+jwt"
    assert "max-age" in response.headers["Cache-Control"]


def test_status_lists_are_signed_by_the_hub(app):
    token = downloader(app)("/ob/status/suspension").decode()
    document = json.loads(downloader(app)("/.well-known/did.json"))
    jwk = document["verificationMethod"][0]["publicKeyJwk"]
    claims = jwt.decode(token, jwt.PyJWK(jwk, "EdDSA").key, algorithms=["EdDSA"])
    assert claims["issuer"] == DID
    assert claims["credentialSubject"]["statusPurpose"] == "suspension"


# The parts of 1EdTech's AchievementCredential JSON Schema (OB 3.0.3) that Polku's credentials
# use, written as Draft 4 (the validator installed beside the 2.0 one): required properties,
# IdentityObject, Achievement, Profile, Evidence, Alignment, Image and the status entries.
TYPES = {"type": "array", "minItems": 1, "items": {"type": "string"}}
SCHEMA = {
    "type": "object",
    "required": ["@context", "id", "type", "credentialSubject", "issuer", "validFrom"],
    "properties": {
        "@context": {
            "type": "array",
            "minItems": 2,
            "items": [
                {"enum": ["https://www.w3.org/ns/credentials/v2"]},
                {
                    "type": "string",
                    "pattern": r"^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/"
                    r"context(-3\.\d\.\d)*\.json$",
                },
            ],
        },
        "id": {"type": "string"},
        "type": TYPES,
        "name": {"type": "string"},
        "validFrom": {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"},
        "validUntil": {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"},
        "issuer": {
            "type": "object",
            "required": ["id", "type"],
            "properties": {"id": {"type": "string"}, "type": TYPES, "name": {"type": "string"}},
        },
        "credentialSubject": {
            "type": "object",
            "required": ["type", "achievement"],
            "properties": {
                "type": TYPES,
                "narrative": {"type": "string"},
                "identifier": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["type", "hashed", "identityHash", "identityType"],
                        "properties": {
                            "type": {"enum": ["IdentityObject"]},
                            "hashed": {"type": "boolean"},
                            "identityHash": {
                                "type": "string",
                                "pattern": r"^sha256\$[0-9a-f]{64}$",
                            },
                            "identityType": {"type": "string"},
                            "salt": {"type": "string"},
                        },
                    },
                },
                "achievement": {
                    "type": "object",
                    "required": ["id", "type", "criteria", "description", "name"],
                    "properties": {
                        "type": TYPES,
                        "criteria": {
                            "type": "object",
                            "properties": {
                                "id": {"type": "string"},
                                "narrative": {"type": "string"},
                            },
                        },
                        "image": {
                            "type": "object",
                            "required": ["id", "type"],
                            "properties": {"type": {"enum": ["Image"]}},
                        },
                        "alignment": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["type", "targetName", "targetUrl"],
                                "properties": {"type": TYPES},
                            },
                        },
                        "tag": {"type": "array", "items": {"type": "string"}},
                    },
                },
            },
        },
        "evidence": {
            "type": "array",
            "items": {"type": "object", "required": ["type"], "properties": {"type": TYPES}},
        },
        "credentialSchema": {
            "type": "array",
            "items": {"type": "object", "required": ["id", "type"]},
        },
        # OB 3.0.3's schema allows one entry; VC 2.0 allows a set, and Polku gives two
        # (revocation and suspension). Each entry is checked against the CredentialStatus rules.
        "credentialStatus": {
            "type": "array",
            "items": {"type": "object", "required": ["id", "type"]},
        },
    },
}
EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def test_credential_json_follows_the_achievement_credential_schema(app):
    from jsonschema import Draft4Validator

    _, token, _ = _award(app)
    document = credentials.document_of(token)
    Draft4Validator(SCHEMA).validate(document)
    subject = document["credentialSubject"]
    assert "AchievementSubject" in subject["type"]
    assert "Achievement" in subject["achievement"]["type"]
    assert "Profile" in document["issuer"]["type"]
    assert {"VerifiableCredential", "OpenBadgeCredential"} <= set(document["type"])
    assert subject["achievement"]["alignment"][0]["targetCode"] == "TVT-1"
    assert document["evidence"][0]["name"] == "Asenna työasema"
    assert subject["narrative"].startswith("Asensi")
    text = json.dumps(document, ensure_ascii=False)
    assert EMAIL not in text and not EMAIL_ADDRESS.search(text)
    assert EMAIL_ADDRESS.search("x " + EMAIL)  # the pattern does find an address


def _student_client(app):
    client = app.test_client()
    assert log_in(client, EMAIL).status_code == 302
    return client


def test_baked_png_round_trips(app):
    public_id, token, _ = _award(app)
    client = _student_client(app)
    response = client.get(f"/badges/{public_id}/credential.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    extracted = OB3Verifier.extract_token_from_png(response.data)
    assert extracted == token
    verify(app, extracted)


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
    b'<circle cx="50" cy="50" r="40" fill="#1a7f5a"/></svg>'
)


def test_baked_svg_round_trips(app):
    from webapp import storage
    from webapp.badges import images as badge_images

    with app.app_context():
        image = (storage.write(SVG, "svg", badge_images.AREA), badge_images.SVG)
    public_id, token, _ = _award(app, image=image)
    response = _student_client(app).get(f"/badges/{public_id}/credential.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    extracted = OB3Verifier.extract_token_from_svg(response.data)
    assert extracted == token
    verify(app, extracted)
    # The 2.0 baked SVG still carries the 2.0 assertion only.
    old = app.test_client().get(f"/verify/{public_id}/badge.svg").data
    assert b"openbadges:assertion" in old and b"openbadges:credential" not in old


def test_downloads_as_jwt_and_json(app):
    public_id, token, _ = _award(app)
    client = _student_client(app)
    assert client.get(f"/badges/{public_id}/credential.jwt").get_data(as_text=True) == token
    response = client.get(f"/badges/{public_id}/credential.json")
    assert json.loads(response.data) == credentials.document_of(token)
    assert "attachment" in response.headers["Content-Disposition"]


def test_a_revoked_badge_has_no_download(app):
    public_id, _, _ = _award(app)
    _with_award(
        app,
        public_id,
        lambda s, a: badges.revoke(
            s, actor=a.awarded_by, award=a, reason="Virhe", now=datetime.now(UTC)
        ),
    )
    assert _student_client(app).get(f"/badges/{public_id}/credential.jwt").status_code == 410


def test_a_students_did_becomes_the_subject(app):
    did = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    _award(app)  # creates the student
    client = _student_client(app)
    token = page_token(client, "/badges")
    assert (
        client.post("/badges/did", data={"csrf_token": token, "did": "not a did"}).status_code
        == 422
    )
    assert client.post("/badges/did", data={"csrf_token": token, "did": did}).status_code == 303
    _, credential_token, _ = _award(app)
    claims = jwt.decode(credential_token, options={"verify_signature": False})
    assert claims["credentialSubject"]["id"] == did and claims["sub"] == did
    assert verify(app, credential_token).recipient_id == did
