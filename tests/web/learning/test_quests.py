"""The core loop over HTTP: the board, accepting, evidence from a phone, review and XP."""

import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from quests.quest_models import Evidence, Submission, XpEntry
from tests import factories
from tests.conftest import log_in, page_token
from tests.videos import personal_tags, phone_video


def _jpeg_with_location(size=(2400, 1800)) -> bytes:
    image = Image.new("RGB", size, (30, 120, 90))
    exif = Image.Exif()
    exif[0x8825] = {2: (60.0, 12.0, 0.0), 4: (24.0, 49.0, 0.0)}  # GPS: Espoo
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def hub(data):
    """A teacher, their student and another student, with a goal and a photo challenge."""
    with data() as session:
        teacher = factories.user(session, "teacher", name="Mikko Korhonen")
        student = factories.user(session, "student", name="Aino Virtanen")
        other = factories.user(session, "student", name="Eetu Heikkinen")
        cohort = factories.cohort(session, teacher=teacher, students=[student, other])
        goal = factories.goal(session, teacher, student, title="Asenna työasema", xp=60)
        photo = factories.challenge(
            session,
            teacher,
            cohort,
            steps=[("Kuva työpisteestä", "photo")],
            title="Siisti työpiste",
        )
        return {
            "teacher": teacher.email,
            "student": student.email,
            "other": other.email,
            "goal": goal.id,
            "goal_step": goal.steps[0].id,
            "photo": photo.id,
            "photo_step": photo.steps[0].id,
        }


def _accept(client, quest_id):
    token = page_token(client, f"/quests/{quest_id}")
    return client.post(f"/quests/{quest_id}/accept", data={"csrf_token": token})


def _submit(client, quest_id, fields, files=None):
    token = page_token(client, f"/quests/{quest_id}")
    data = {"csrf_token": token, **fields}
    for name, (content, filename) in (files or {}).items():
        data[name] = FileStorage(io.BytesIO(content), filename)
    # Encoded in memory: the test client would spool a large body to a file it never closes.
    boundary, body = encode_multipart(data)
    return client.post(
        f"/quests/{quest_id}/submit",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def test_board_tabs_work_with_and_without_htmx(client, hub):
    log_in(client, hub["student"])
    page = client.get("/quests").get_data(as_text=True)
    assert "Asenna työasema" in page and "Siisti työpiste" in page and "<html" in page
    fragment = client.get("/quests?tab=plan", headers={"HX-Request": "true"})
    html = fragment.get_data(as_text=True)
    assert "<html" not in html and "Asenna työasema" in html and "Siisti työpiste" not in html
    assert "HX-Request" in fragment.headers["Vary"]
    assert client.get("/quests?tab=nonsense").status_code == 404
    assert client.get("/quests?page=x").status_code == 404


def test_another_student_does_not_see_the_goal(client, hub):
    log_in(client, hub["other"])
    assert "Asenna työasema" not in client.get("/quests").get_data(as_text=True)
    assert client.get(f"/quests/{hub['goal']}").status_code == 403
    assert _accept(client, hub["goal"]).status_code == 403


def test_text_evidence_review_and_xp(app, hub):
    student, teacher = app.test_client(), app.test_client()
    log_in(student, hub["student"])
    student.get("/")  # this device has now seen 0 XP
    assert _accept(student, hub["goal"]).status_code == 303
    assert _accept(student, hub["goal"]).status_code == 409
    response = _submit(student, hub["goal"], {f"step-{hub['goal_step']}": "Asensin Linuxin."})
    assert response.status_code == 303

    log_in(teacher, hub["teacher"])
    queue = teacher.get("/review").get_data(as_text=True)
    assert "Asensin Linuxin." in queue and "Aino Virtanen" in queue
    submission_id = int(queue.split('id="submission-')[1].split('"')[0])
    token = page_token(teacher, "/review")
    approved = teacher.post(
        f"/review/{submission_id}/approve",
        data={"csrf_token": token, "feedback": "Hienoa!"},
        headers={"HX-Request": "true"},
    )
    assert approved.status_code == 200
    assert "+60 XP" in approved.get_data(as_text=True)
    again = teacher.post(f"/review/{submission_id}/approve", data={"csrf_token": token})
    assert again.status_code == 409

    home = student.get("/").get_data(as_text=True)
    assert "60 XP · 40 XP tasoon 2" in home and "Hienoa!" in home
    assert "+60 XP viime käyntisi jälkeen" in home  # celebrated once...
    assert "viime käyntisi jälkeen" not in student.get("/").get_data(as_text=True)  # ...only


def test_a_returned_quest_is_resubmitted(app, hub):
    student, teacher = app.test_client(), app.test_client()
    log_in(student, hub["student"])
    _accept(student, hub["goal"])
    _submit(student, hub["goal"], {f"step-{hub['goal_step']}": "Ensimmäinen yritys"})
    log_in(teacher, hub["teacher"])
    queue = teacher.get("/review").get_data(as_text=True)
    submission_id = int(queue.split('id="submission-')[1].split('"')[0])
    token = page_token(teacher, "/review")
    empty = teacher.post(
        f"/review/{submission_id}/return", data={"csrf_token": token, "feedback": ""}
    )
    assert empty.status_code == 422
    returned = teacher.post(
        f"/review/{submission_id}/return", data={"csrf_token": token, "feedback": "Lisää kuvaus."}
    )
    assert returned.status_code == 303
    page = student.get(f"/quests/{hub['goal']}").get_data(as_text=True)
    assert "Lisää kuvaus." in page and "Lähetä uudelleen" in page
    assert _submit(student, hub["goal"], {f"step-{hub['goal_step']}": "Toinen"}).status_code == 303


def test_photo_is_resized_and_stripped_of_location(app, data, hub):
    client = app.test_client()
    log_in(client, hub["student"])
    _accept(client, hub["photo"])
    files = {f"step-{hub['photo_step']}": (_jpeg_with_location(), "IMG_2041.jpg")}
    assert _submit(client, hub["photo"], {}, files).status_code == 303
    with data() as session:
        item = session.scalars(select(Evidence)).one()
        assert item.content_type == "image/jpeg" and item.original_name == "IMG_2041.jpg"
        evidence_id = item.id
    with client.get(f"/evidence/{evidence_id}") as served:
        assert served.status_code == 200
        assert served.headers["Cache-Control"] == "private, no-store"
        body = served.data
    with Image.open(io.BytesIO(body)) as image:
        assert max(image.size) == 1600
        assert not image.getexif()


def test_evidence_is_private_to_the_student_and_reviewers(app, data, hub, make_user):
    owner = app.test_client()
    log_in(owner, hub["student"])
    _accept(owner, hub["photo"])
    files = {f"step-{hub['photo_step']}": (_jpeg_with_location((200, 100)), "kuva.jpg")}
    _submit(owner, hub["photo"], {}, files)
    with data() as session:
        evidence_id = session.scalar(select(Evidence.id))
    outsiders = [hub["other"], make_user("teacher").email, make_user("employer").email]
    for email in outsiders:
        client = app.test_client()
        log_in(client, email)
        assert client.get(f"/evidence/{evidence_id}").status_code == 403
    teacher = app.test_client()
    log_in(teacher, hub["teacher"])
    with teacher.get(f"/evidence/{evidence_id}") as served:
        assert served.status_code == 200
    assert app.test_client().get(f"/evidence/{evidence_id}").status_code == 302


def _files_in(app) -> list[Path]:
    folder = Path(app.config["MEDIA_ROOT"]) / "evidence"
    return list(folder.glob("*")) if folder.exists() else []


@pytest.mark.parametrize(
    ("content", "filename", "status", "message"),
    [
        (b"this is not an image", "kuva.jpg", 422, "Tämä ei ole kuva"),
        (b"", "tyhja.jpg", 422, "Tiedosto on tyhjä."),
    ],
)
def test_bad_photos_are_refused_and_leave_nothing(
    app, data, hub, content, filename, status, message
):
    client = app.test_client()
    log_in(client, hub["student"])
    _accept(client, hub["photo"])
    response = _submit(client, hub["photo"], {}, {f"step-{hub['photo_step']}": (content, filename)})
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert _files_in(app) == []
    with data() as session:
        assert session.scalar(select(func.count()).select_from(Submission)) == 0


def test_a_photo_stored_before_a_refusal_later_in_the_action_is_deleted(app, data, hub):
    """The photo is valid and stored; the action is then refused (not accepted yet): the
    request ends uncommitted, so the stored photo goes too."""
    client = app.test_client()
    log_in(client, hub["student"])
    files = {f"step-{hub['photo_step']}": (_jpeg_with_location((80, 60)), "kuva.jpg")}
    response = _submit(client, hub["photo"], {}, files)
    assert response.status_code == 409
    assert _files_in(app) == []


def test_a_photo_stored_before_a_server_failure_is_deleted(app, data, hub, monkeypatch):
    from quests import lifecycle

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    client = app.test_client()
    log_in(client, hub["student"])
    _accept(client, hub["photo"])
    monkeypatch.setattr(lifecycle, "submit", broken)
    files = {f"step-{hub['photo_step']}": (_jpeg_with_location((80, 60)), "kuva.jpg")}
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = _submit(client, hub["photo"], {}, files)
    assert response.status_code == 500
    assert _files_in(app) == []


def test_a_stored_photo_stays_once_the_submission_is_committed(app, data, hub):
    client = app.test_client()
    log_in(client, hub["student"])
    _accept(client, hub["photo"])
    files = {f"step-{hub['photo_step']}": (_jpeg_with_location((80, 60)), "kuva.jpg")}
    assert _submit(client, hub["photo"], {}, files).status_code == 303
    assert len(_files_in(app)) == 1


def test_too_large_photo_is_413_with_a_clear_message(app, hub, monkeypatch):
    from webapp import storage

    monkeypatch.setitem(storage.LIMITS, "photo", 1024)
    client = app.test_client()
    log_in(client, hub["student"])
    _accept(client, hub["photo"])
    files = {f"step-{hub['photo_step']}": (_jpeg_with_location((800, 600)), "iso.jpg")}
    response = _submit(client, hub["photo"], {}, files)
    assert response.status_code == 413
    assert "Tiedosto on liian suuri" in response.get_data(as_text=True)
    assert _files_in(app) == []


def test_missing_evidence_and_bad_links_are_refused(app, data, make_user):
    with data() as session:
        teacher = factories.user(session, "teacher")
        student = factories.user(session, "student")
        factories.cohort(session, teacher=teacher, students=[student])
        quest = factories.goal(
            session, teacher, student, steps=[("Linkki", "link"), ("Kerro", "text")]
        )
        quest_id, link_step, text_step = quest.id, quest.steps[0].id, quest.steps[1].id
        email = student.email
    client = app.test_client()
    log_in(client, email)
    _accept(client, quest_id)
    missing = _submit(client, quest_id, {f"step-{text_step}": "Vain teksti"})
    assert missing.status_code == 422 and "Lisää jokaisen vaiheen" in missing.get_data(as_text=True)
    bad_link = _submit(
        client, quest_id, {f"step-{link_step}": "javascript:alert(1)", f"step-{text_step}": "x"}
    )
    assert bad_link.status_code == 422 and "https://" in bad_link.get_data(as_text=True)
    with data() as session:
        assert session.scalar(select(func.count()).select_from(Submission)) == 0


def test_submitting_before_accepting_is_a_conflict(client, hub):
    log_in(client, hub["student"])
    response = _submit(client, hub["goal"], {f"step-{hub['goal_step']}": "x"})
    assert response.status_code == 409


def test_teacher_publishes_a_challenge_for_their_class(client, hub, data):
    log_in(client, hub["teacher"])
    token = page_token(client, "/quests/new")
    base = {
        "csrf_token": token,
        "cohort": "all",
        "title": "Opettajien haaste: kokeile htmx:ää",
        "description": "Tee **pieni** kokeilu.",
        "xp": "40",
        "steps-0-title": "Kerro mitä opit",
        "steps-0-evidence": "text",
    }
    assert client.post("/quests/new", data={**base, "steps-0-title": ""}).status_code == 422
    assert client.post("/quests/new", data={**base, "xp": "9999"}).status_code == 422
    assert client.post("/quests/new", data={**base, "cohort": "424242"}).status_code == 422
    response = client.post("/quests/new", data=base)
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<strong>pieni</strong>" in page and "Ota tehtävä vastaan" in page


def test_xp_is_not_granted_twice_by_two_approvals(app, data, hub):
    student = app.test_client()
    log_in(student, hub["student"])
    _accept(student, hub["goal"])
    _submit(student, hub["goal"], {f"step-{hub['goal_step']}": "Valmis"})
    with data() as session:
        submission_id = session.scalar(select(Submission.id))
    teacher = app.test_client()
    log_in(teacher, hub["teacher"])
    token = page_token(teacher, "/review")
    statuses = [
        teacher.post(f"/review/{submission_id}/approve", data={"csrf_token": token}).status_code
        for _ in range(2)
    ]
    assert statuses == [303, 409]
    with data() as session:
        assert session.scalar(select(func.count()).select_from(XpEntry)) == 1


def test_a_phone_video_larger_than_the_default_limit_is_accepted(app, data, tmp_path):
    with data() as session:
        teacher = factories.user(session, "teacher")
        student = factories.user(session, "student")
        factories.cohort(session, teacher=teacher, students=[student])
        quest = factories.goal(session, teacher, student, steps=[("Video", "video")])
        quest_id, step_id, email = quest.id, quest.steps[0].id, student.email
    assert app.config["MAX_CONTENT_LENGTH"] < 20 * 1024 * 1024
    client = app.test_client()
    log_in(client, email)
    _accept(client, quest_id)
    # A real video followed by a 20 MB "free" box, which players skip.
    padding = 20 * 1024 * 1024
    video = phone_video(tmp_path / "VID_0001.MOV").read_bytes()
    video += (padding + 8).to_bytes(4, "big") + b"free" + bytes(padding)
    response = _submit(client, quest_id, {}, {f"step-{step_id}": (video, "VID_0001.mp4")})
    assert response.status_code == 303
    with data() as session:
        evidence = session.scalar(select(Evidence))
        assert 0 < evidence.size_bytes < len(video) and evidence.content_type == "video/mp4"
        evidence_id = evidence.id
    # Stored without the phone's name, comment, location or chapters (finding 3).
    served = client.get(f"/evidence/{evidence_id}")
    copy = tmp_path / "served.mp4"
    copy.write_bytes(served.get_data())
    served.close()
    assert personal_tags(copy) == {}


def test_a_video_that_is_a_playlist_is_refused_as_evidence(app, data, tmp_path):
    with data() as session:
        teacher = factories.user(session, "teacher")
        student = factories.user(session, "student")
        factories.cohort(session, teacher=teacher, students=[student])
        quest = factories.goal(session, teacher, student, steps=[("Video", "video")])
        quest_id, step_id, email = quest.id, quest.steps[0].id, student.email
    client = app.test_client()
    log_in(client, email)
    _accept(client, quest_id)
    # An MP4's first bytes, then a playlist: ffmpeg must not be allowed to guess again.
    body = b"\x00\x00\x00\x18ftypmp42" + b"\n#EXTM3U\n#EXTINF:1,\nfile:/etc/passwd\n"
    response = _submit(client, quest_id, {}, {f"step-{step_id}": (body, "VID.mp4")})
    assert response.status_code == 422
    with data() as session:
        assert session.scalar(select(Evidence)) is None
    assert list(Path(app.config["MEDIA_ROOT"]).rglob("*.*")) == []


def test_the_review_count_in_the_navigation_stops_at_its_cap(app, data, monkeypatch):
    # An administrator's count read every pending submission in the hub on every page.
    from quests import board

    monkeypatch.setattr(board, "REVIEW_COUNT_SHOWN", 2)
    with data() as session:
        admin = factories.user(session, "admin").email
        teacher = factories.user(session, "teacher")
        for _ in range(4):
            student = factories.user(session, "student")
            factories.submitted(session, factories.goal(session, teacher, student), student)
        assert board.review_count(session, session.merge(teacher)) == 3
    client = app.test_client()
    log_in(client, admin)
    page = client.get("/review").get_data(as_text=True)
    assert ">2+</span>" in page and "Yli 2 odottaa" in page
