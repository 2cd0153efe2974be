"""Badges over HTTP: awarding, rules, applications, the wall, Open Badges documents and baking."""

import hashlib
import io
import re

import pytest
from PIL import Image
from sqlalchemy import func, select

from quests.badge_models import BadgeAward, BadgeClass
from tests import factories
from tests.conftest import log_in, page_token


@pytest.fixture
def school(app, data):
    with app.test_request_context(), data() as session:
        teacher = factories.user(session, "teacher", name="Mikko Korhonen")
        student = factories.user(session, "student", name="Aino Virtanen", email="aino@example.fi")
        outsider = factories.user(session, "student")
        factories.cohort(session, teacher=teacher, students=[student])
        badge = factories.badge_class(
            session,
            teacher,
            name="Asiakaspalvelun perusteet",
            alignment=("106962", "Asiakaspalvelu", "https://eperusteet.opintopolku.fi/"),
        )
        quest = factories.goal(session, teacher, student, title="Palvele asiakasta")
        submission = factories.submitted(session, quest, student)
        return {
            "teacher": teacher.email,
            "student": student.email,
            "student_id": student.id,
            "outsider": outsider.email,
            "outsider_id": outsider.id,
            "badge": badge.public_id,
            "submission": submission.id,
            "quest": quest.id,
        }


def _approve(app, school):
    client = app.test_client()
    log_in(client, school["teacher"])
    token = page_token(client, "/review")
    assert (
        client.post(
            f"/review/{school['submission']}/approve", data={"csrf_token": token}
        ).status_code
        == 303
    )
    return client


def _award(client, school, students=None, quests=()):
    path = f"/teach/badges/{school['badge']}/award"
    data = {
        "csrf_token": page_token(client, path),
        "students": [str(s) for s in (students or [school["student_id"]])],
        "quests": [str(q) for q in quests],
        "narrative": "Palveli asiakkaita kahvilassa kiireessäkin.",
    }
    return client.post(path, data=data)


def _public_id(data) -> str:
    with data() as session:
        return session.scalar(select(BadgeAward.public_id))


def test_teacher_awards_once_with_evidence_and_the_student_is_notified(app, data, school):
    teacher = _approve(app, school)
    assert _award(teacher, school, quests=[school["quest"]]).status_code == 303
    again = _award(teacher, school)
    assert again.status_code == 303
    assert "Oli jo tämä merkki" in teacher.get(again.headers["Location"]).get_data(as_text=True)
    with data() as session:
        assert session.scalar(select(func.count()).select_from(BadgeAward)) == 1
        award = session.scalar(select(BadgeAward))
        assert [e.name for e in award.evidence] == ["Palvele asiakasta"]
        from quests.notification_models import Notification

        assert session.scalar(select(Notification.kind)) in ("quest_reviewed", "badge_awarded")
    student = app.test_client()
    log_in(student, school["student"])
    wall = student.get("/badges").get_data(as_text=True)
    assert "Asiakaspalvelun perusteet" in wall


def test_a_teacher_cannot_award_students_of_other_classes(app, school):
    teacher = app.test_client()
    log_in(teacher, school["teacher"])
    response = _award(teacher, school, students=[school["outsider_id"]])
    assert response.status_code == 422  # not among the teacher's students
    log_in(student := app.test_client(), school["student"])
    assert student.get(f"/teach/badges/{school['badge']}/award").status_code == 403


def test_open_badges_documents(app, client, data, school):
    teacher = _approve(app, school)
    _award(teacher, school, quests=[school["quest"]])
    public_id = _public_id(data)
    response = client.get(f"/ob/assertions/{public_id}")
    assert response.status_code == 200 and response.mimetype == "application/ld+json"
    assertion = response.get_json()
    assert assertion["@context"] == "https://w3id.org/openbadges/v2"
    assert assertion["type"] == "Assertion" and assertion["verification"] == {"type": "hosted"}
    assert assertion["id"].endswith(f"/ob/assertions/{public_id}")
    recipient = assertion["recipient"]
    expected = hashlib.sha256(("aino@example.fi" + recipient["salt"]).encode()).hexdigest()
    assert recipient == {
        "type": "email",
        "hashed": True,
        "salt": recipient["salt"],
        "identity": "sha256$" + expected,
    }
    assert assertion["evidence"][0]["name"] == "Palvele asiakasta"
    assert assertion["narrative"].startswith("Palveli asiakkaita")
    body = response.get_data(as_text=True)
    assert "aino@example.fi" not in body and "Aino" not in body

    badge = client.get(assertion["badge"].split("localhost")[1]).get_json()
    assert badge["type"] == "BadgeClass" and badge["name"] == "Asiakaspalvelun perusteet"
    assert badge["alignment"] == [
        {
            "targetName": "Asiakaspalvelu",
            "targetUrl": "https://eperusteet.opintopolku.fi/",
            "targetCode": "106962",
        }
    ]
    issuer = client.get("/ob/issuer").get_json()
    assert issuer["type"] == "Issuer" and issuer["id"] == badge["issuer"]
    image = client.get(badge["image"].split("localhost")[1])
    assert image.status_code == 200 and image.mimetype == "image/png"


def test_public_ids_are_unguessable(app, data, school):
    teacher = _approve(app, school)
    _award(teacher, school)
    public_id = _public_id(data)
    assert len(public_id) >= 22 and not public_id.isdigit()  # 128 random bits, base64url
    with data() as session:
        award_id = session.scalar(select(BadgeAward.id))
    assert app.test_client().get(f"/verify/{award_id}").status_code == 404


def test_verification_page_and_sharing_choices(app, client, data, school):
    teacher = _approve(app, school)
    _award(teacher, school)
    public_id = _public_id(data)
    page = client.get(f"/verify/{public_id}").get_data(as_text=True)
    assert "Voimassa" in page and f'href="http://localhost/ob/assertions/{public_id}"' in page
    assert 'rel="alternate" type="application/ld+json"' in page
    assert "Aino Virtanen" not in page  # the name is shown only if she chooses

    student = app.test_client()
    log_in(student, school["student"])
    path = f"/badges/{public_id}"
    token = page_token(student, path)
    student.post(f"{path}/privacy", data={"csrf_token": token, "show_name": "y"})
    assert "Aino Virtanen" in client.get(f"/verify/{public_id}").get_data(as_text=True)
    student.post(f"{path}/privacy", data={"csrf_token": token, "hidden": "y"})
    assert client.get(f"/verify/{public_id}").status_code == 404
    assert client.get(f"/ob/assertions/{public_id}").status_code == 404


def test_revocation_answers_410_with_the_reason(app, client, data, school):
    teacher = _approve(app, school)
    _award(teacher, school)
    public_id = _public_id(data)
    path = f"/badges/{public_id}"
    token = page_token(teacher, path)
    assert (
        teacher.post(f"{path}/revoke", data={"csrf_token": token, "reason": ""}).status_code == 422
    )
    student = app.test_client()
    log_in(student, school["student"])
    assert student.post(
        f"{path}/revoke", data={"csrf_token": token, "reason": "x"}
    ).status_code in (400, 403)
    response = teacher.post(
        f"{path}/revoke", data={"csrf_token": token, "reason": "Myönnetty väärälle opiskelijalle."}
    )
    assert response.status_code == 303
    revoked = client.get(f"/ob/assertions/{public_id}")
    assert revoked.status_code == 410
    assert revoked.get_json()["revoked"] is True
    assert revoked.get_json()["revocationReason"] == "Myönnetty väärälle opiskelijalle."
    page = client.get(f"/verify/{public_id}").get_data(as_text=True)
    assert "Peruttu" in page and "Myönnetty väärälle opiskelijalle." in page
    # Revoking frees the badge to be earned again.
    assert _award(teacher, school).status_code == 303
    with data() as session:
        assert session.scalar(select(func.count()).select_from(BadgeAward)) == 2


def test_baked_png_carries_the_assertion_url(app, client, data, school):
    teacher = _approve(app, school)
    _award(teacher, school)
    public_id = _public_id(data)
    response = client.get(f"/verify/{public_id}/badge.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    with Image.open(io.BytesIO(response.data)) as image:
        assert image.text["openbadges"] == f"http://localhost/ob/assertions/{public_id}"
    # The iTXt chunk, as the baking specification names it.
    assert b"iTXtopenbadges\x00\x00\x00" in response.data
    assert client.get(f"/verify/{public_id}/badge.svg").status_code == 404


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
    b'<circle cx="50" cy="50" r="45" fill="#0b5c4b"/></svg>'
)


def _new_class(client, **fields):
    data = {
        "csrf_token": page_token(client, "/teach/badges/new"),
        "name": "Verkkosivujen tekijä",
        "description": "Tekee toimivat verkkosivut.",
        "criteria": "Julkaistu verkkosivu asiakkaalle.",
        "colour": "#3552a0",
        "tags": "web, html",
        "rule": "",
        "rule_kind": "",
        "open_for_applications": "y",
    }
    data.update(fields)
    return client.post("/teach/badges/new", data=data, content_type="multipart/form-data")


def test_svg_badges_are_checked_and_baked(app, client, data, login_as):
    login_as("teacher")
    evil = SVG.replace(b"<circle", b"<script>alert(1)</script><circle")
    response = _new_class(client, image=(io.BytesIO(evil), "evil.svg"))
    assert response.status_code == 422 and "skriptin" in response.get_data(as_text=True)
    assert _new_class(client, image=(io.BytesIO(b"not an image"), "x.png")).status_code == 422
    with data() as session:
        assert session.scalar(select(func.count()).select_from(BadgeClass)) == 0
    assert _new_class(client, image=(io.BytesIO(SVG), "merkki.svg")).status_code == 303
    with data() as session:
        badge = session.scalar(select(BadgeClass))
        student = factories.user(session, "student")
        from datetime import UTC, datetime

        from quests import badges

        award = badges.grant(
            session,
            badge=badge,
            student=student,
            awarded_by=None,
            narrative="",
            evidence=[],
            now=datetime.now(UTC),
        )
        public_id = award.public_id
    baked = client.get(f"/verify/{public_id}/badge.svg")
    assert baked.status_code == 200 and baked.mimetype == "image/svg+xml"
    text = baked.get_data(as_text=True)
    assert 'xmlns:openbadges="http://openbadges.org"' in text
    assert re.search(r'<openbadges:assertion verify="http://localhost/ob/assertions/[\w-]+">', text)


def test_rule_badge_is_awarded_once_on_approval(app, data, school):
    with app.test_request_context(), data() as session:
        teacher = session.scalar(
            select(factories.User).where(factories.User.email == school["teacher"])
        )
        factories.badge_class(
            session, teacher, name="Ensimmäinen tehtävä", rules=[("quests_approved", {"count": 1})]
        )
    _approve(app, school)
    with data() as session:
        names = session.scalars(select(BadgeClass.name).join(BadgeAward)).all()
        assert names == ["Ensimmäinen tehtävä"]
    student = app.test_client()
    log_in(student, school["student"])
    assert "Ensimmäinen tehtävä" in student.get("/badges").get_data(as_text=True)


def test_student_applies_and_the_teacher_decides(app, data, school):
    _approve(app, school)
    student = app.test_client()
    log_in(student, school["student"])
    path = f"/badges/apply/{school['badge']}"
    token = page_token(student, path)
    empty = student.post(path, data={"csrf_token": token, "text": ""})
    assert empty.status_code == 422
    sent = student.post(
        path,
        data={
            "csrf_token": token,
            "text": "Palvelin kahvilassa.",
            "quests": [str(school["quest"])],
        },
    )
    assert sent.status_code == 303
    assert student.post(path, data={"csrf_token": token, "text": "Uudestaan"}).status_code == 409

    teacher = app.test_client()
    log_in(teacher, school["teacher"])
    queue = teacher.get("/teach/badges/applications").get_data(as_text=True)
    assert "Palvelin kahvilassa." in queue and "Palvele asiakasta" in queue
    application_id = int(re.search(r"/applications/(\d+)/accept", queue).group(1))
    token = page_token(teacher, "/teach/badges/applications")
    no_reason = teacher.post(
        f"/teach/badges/applications/{application_id}/decline", data={"csrf_token": token}
    )
    assert no_reason.status_code == 422
    accepted = teacher.post(
        f"/teach/badges/applications/{application_id}/accept", data={"csrf_token": token}
    )
    assert accepted.status_code == 303
    assert "Asiakaspalvelun perusteet" in student.get("/badges").get_data(as_text=True)
    again = teacher.post(
        f"/teach/badges/applications/{application_id}/accept", data={"csrf_token": token}
    )
    assert again.status_code == 409


def test_closed_class_refuses_applications(app, data, school, login_as):
    with app.test_request_context(), data() as session:
        teacher = session.scalar(
            select(factories.User).where(factories.User.email == school["teacher"])
        )
        closed = factories.badge_class(session, teacher, open_for_applications=False).public_id
    student = app.test_client()
    log_in(student, school["student"])
    path = f"/badges/apply/{closed}"
    response = student.post(
        path, data={"csrf_token": page_token(student, path), "text": "Saisinko?"}
    )
    assert response.status_code == 409


def test_backfill_awards_rule_badges_for_earlier_progress(app, data, school):
    _approve(app, school)
    with app.test_request_context(), data() as session:
        teacher = session.scalar(
            select(factories.User).where(factories.User.email == school["teacher"])
        )
        factories.badge_class(
            session, teacher, name="Myöhempi sääntö", rules=[("quests_approved", {"count": 1})]
        )
    runner = app.test_cli_runner()
    first = runner.invoke(args=["badges", "backfill"])
    second = runner.invoke(args=["badges", "backfill"])
    assert first.exit_code == 0 and "awarded 1 badges" in first.output
    assert "awarded 0 badges" in second.output


def test_a_revoked_rule_badge_is_not_given_back_by_its_rule(app, data, school):
    from datetime import UTC, datetime

    from quests import badges

    with app.test_request_context(), data() as session:
        teacher = session.scalar(
            select(factories.User).where(factories.User.email == school["teacher"])
        )
        rule_badge_id = factories.badge_class(
            session, teacher, rules=[("quests_approved", {"count": 1})]
        ).id
    _approve(app, school)
    now = datetime.now(UTC)
    with data() as session:
        award = session.scalar(select(BadgeAward).where(BadgeAward.badge_id == rule_badge_id))
        teacher = session.scalar(
            select(factories.User).where(factories.User.email == school["teacher"])
        )
        badges.revoke(session, actor=teacher, award=award, reason="Väärin perustein", now=now)
        assert badges.evaluate_rules(session, award.recipient, now) == []


def test_svg_animation_that_sets_a_link_is_refused(client, login_as):
    login_as("teacher")
    sneaky = SVG.replace(
        b"<circle",
        b'<a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a><circle',
    )
    response = _new_class(client, image=(io.BytesIO(sneaky), "sneaky.svg"))
    assert response.status_code == 422


XHTML_ATTACKS = {
    "meta refresh": b'<meta xmlns="http://www.w3.org/1999/xhtml" http-equiv="refresh" '
    b'content="0;url=https://evil.example/"/>',
    "form action": b'<form xmlns="http://www.w3.org/1999/xhtml" action="https://evil.example/">'
    b"<button>OK</button></form>",
    "link to elsewhere": b'<a href="https://evil.example/"><text y="20">x</text></a>',
    "outside url in style": b'<rect width="9" height="9" style="fill:url(https://evil.example/a)"/>',
    "foreign attribute": b'<rect xmlns:i="urn:x" i:onload="x" width="9" height="9"/>',
}


@pytest.mark.parametrize("attack", XHTML_ATTACKS)
def test_an_svg_that_could_redirect_or_submit_is_refused(client, data, login_as, attack):
    """Finding 10: a denylist let an XHTML meta refresh or form through."""
    login_as("teacher")
    evil = SVG.replace(b"<circle", XHTML_ATTACKS[attack] + b"<circle")
    response = _new_class(client, image=(io.BytesIO(evil), "evil.svg"))
    assert response.status_code == 422
    assert "muutakin kuin piirros" in response.get_data(as_text=True)
    with data() as session:
        assert session.scalar(select(func.count()).select_from(BadgeClass)) == 0


def test_a_drawing_with_gradients_and_inner_links_is_accepted_and_served_sandboxed(
    client, data, login_as
):
    login_as("teacher")
    drawing = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        b' viewBox="0 0 100 100"><defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/>'
        b'</linearGradient></defs><circle cx="50" cy="50" r="45" fill="url(#g)"/>'
        b'<use xlink:href="#g"/><text x="50" y="55" text-anchor="middle">OK</text></svg>'
    )
    assert _new_class(client, image=(io.BytesIO(drawing), "merkki.svg")).status_code == 303
    with data() as session:
        public_id = session.scalar(select(BadgeClass.public_id))
    served = client.get(f"/ob/badges/{public_id}/image")
    assert served.mimetype == "image/svg+xml"
    assert "sandbox" in served.headers["Content-Security-Policy"]


def test_an_admin_awards_one_class_at_a_time_and_a_teacher_only_their_own(app, data, school):
    # The page listed every student in the hub for an administrator: 17 MB with 10,000.
    from quests.models import CohortMembership

    with data() as session:
        admin = factories.user(session, "admin").email
        cohort_id = session.scalar(
            select(CohortMembership.cohort_id).where(
                CohortMembership.user_id == school["student_id"]
            )
        )
        other = factories.cohort(session, students=[factories.user(session, "student")])
        other_id = other.id
    path = f"/teach/badges/{school['badge']}/award"
    client = app.test_client()
    log_in(client, admin)
    page = client.get(path).get_data(as_text=True)
    assert "Aino Virtanen" not in page and "Valitse ryhmä" in page
    chosen = client.get(f"{path}?cohort={cohort_id}")
    assert "Aino Virtanen" in chosen.get_data(as_text=True)
    response = client.post(
        f"{path}?cohort={cohort_id}",
        data={
            "csrf_token": page_token(client, path),
            "students": [str(school["student_id"])],
            "narrative": "Hyvä",
        },
    )
    assert response.status_code == 303 and response.headers["Location"].endswith(
        f"?cohort={cohort_id}"
    )
    assert client.get(f"{path}?cohort=x").status_code == 200  # not a number: no class chosen
    teacher = app.test_client()
    log_in(teacher, school["teacher"])
    assert teacher.get(f"{path}?cohort={other_id}").status_code == 404
    assert "Aino Virtanen" in teacher.get(path).get_data(as_text=True)


def test_the_wall_offers_badges_from_the_students_own_teachers_and_the_hub(app, data, school):
    # Every open class in the hub was listed: 40 KB of badges from classes the student never met.
    with data() as session:
        stranger = factories.user(session, "teacher")
        admin = factories.user(session, "admin")
        factories.badge_class(session, stranger, name="Vieraan opettajan merkki")
        factories.badge_class(session, admin, name="Koko talon merkki")
    student = app.test_client()
    log_in(student, school["student"])
    wall = student.get("/badges").get_data(as_text=True)
    assert "Asiakaspalvelun perusteet" in wall and "Koko talon merkki" in wall
    assert "Vieraan opettajan merkki" not in wall


def test_the_badge_classes_page_shows_twenty_at_a_time(app, data, school):
    # All 200 classes of the hub, with a count over every award, made 96 KB a view.
    with data() as session:
        teacher = session.scalar(
            select(factories.User).where(factories.User.email == school["teacher"])
        )
        for n in range(24):
            factories.badge_class(session, teacher, name=f"Merkki {n:02d}")
    client = app.test_client()
    log_in(client, school["teacher"])
    first = client.get("/teach/badges").get_data(as_text=True)
    assert first.count('class="grow"') == 20 and "?page=2" in first
    second = client.get("/teach/badges?page=2").get_data(as_text=True)
    assert second.count('class="grow"') == 5 and "?page=3" not in second
    assert client.get("/teach/badges?page=-4").status_code == 200
