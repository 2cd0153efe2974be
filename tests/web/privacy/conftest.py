"""A person with something in every area: evidence with a photo, a badge and a badge
application with a file, a video-CV entry with its files, judge scores, a plan comment,
XP, notifications and a push device. Jobs run inline."""

import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage

from quests import badge_applications, badges, lifecycle, plans
from quests.notification_models import Notification, PushSubscription
from quests.plan_models import LearningPlan
from quests.quest_models import XpEntry
from tests import factories
from tests.conftest import _empty_tables
from tests.web.competitions.conftest import add_entry, make_competition, seat
from webapp import storage
from webapp.competitions import judging, media
from webapp.competitions.models import Assignment


@pytest.fixture
def app(make_app):
    app = make_app(JOBS_EAGER=True)
    yield app
    _empty_tables(app)


def _photo() -> FileStorage:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 60, 60)).save(out, "JPEG")
    out.seek(0)
    return FileStorage(out, "kuva.jpg")


@dataclass
class World:
    person_id: int
    email: str
    teacher_id: int
    classmate_id: int
    classmate_plan_id: int
    competition_id: int
    judged_entry_id: int
    award_public_id: str
    classmate_files: list[Path]


def _video_files(key: str) -> list[Path]:
    files = []
    for suffix, body in (("mp4", b"\x00\x00\x00\x18ftypmp42 video"), ("jpg", b"\xff\xd8 poster")):
        path = media.path_of(key, suffix)
        path.write_bytes(body)
        files.append(path)
    return files


@pytest.fixture
def world(app, data) -> World:
    now = datetime.now(UTC)
    with data() as session:
        admin = factories.user(session, "admin")
        teacher = factories.user(session, "teacher")
        # One person holding many roles, so every kind of shared record is theirs.
        person = factories.user(session, "student", "teacher", "employer", name="Poistuva Henkilö")
        classmate = factories.user(session, "student", name="Jäävä Opiskelija")
        factories.cohort(session, teacher=teacher, students=[person, classmate])
        factories.cohort(session, teacher=person, students=[classmate])

        quest = factories.challenge(session, owner=teacher, steps=(("Kuva", "photo"),))
        attempt = lifecycle.accept(session, actor=person, quest=quest, now=now)
        saved = storage.save(_photo(), "photo")
        item = lifecycle.EvidenceItem(
            step_id=quest.steps[0].id,
            kind="photo",
            stored_name=saved.stored_name,
            original_name=saved.original_name,
            content_type=saved.content_type,
            size_bytes=saved.size_bytes,
        )
        lifecycle.submit(session, actor=person, attempt=attempt, items=[item], now=now)
        session.add(XpEntry(user_id=person.id, amount=50, source="test:xp", reason="Testi"))

        # The classmate's own evidence must survive the person's deletion.
        other = lifecycle.accept(session, actor=classmate, quest=quest, now=now)
        kept = storage.save(_photo(), "photo")
        lifecycle.submit(
            session,
            actor=classmate,
            attempt=other,
            items=[
                lifecycle.EvidenceItem(
                    step_id=quest.steps[0].id,
                    kind="photo",
                    stored_name=kept.stored_name,
                    original_name="oma.jpg",
                    content_type=kept.content_type,
                    size_bytes=kept.size_bytes,
                )
            ],
            now=now,
        )

        badge = factories.badge_class(session, teacher)
        badges.award_by_hand(
            session,
            actor=teacher,
            badge=badge,
            students=[person],
            quest_ids=[],
            narrative="Hienoa",
            now=now,
        )
        award_public_id = session.scalars(factories.select_awards(person.id)).first()
        applied = factories.badge_class(session, teacher, name="Haettava")
        application_file = storage.save(
            FileStorage(io.BytesIO(b"%PDF-1.4 hakemus"), "hakemus.pdf"), "file"
        )
        badge_applications.apply(
            session,
            student=person,
            badge=applied,
            text="Ansaitsin tämän.",
            quest_ids=[],
            file=(
                application_file.stored_name,
                application_file.original_name,
                application_file.content_type,
            ),
            now=now,
        )

        plan = LearningPlan(student_id=classmate.id, qualification="Tieto- ja viestintätekniikka")
        session.add(plan)
        session.flush()
        plans.add_comment(session, actor=person, plan=plan, body="Hyvä suunnitelma!", now=now)

        competition = make_competition(session, admin)
        own_key = "ownvideo01"
        add_entry(session, competition, person, title="Poistuvan CV", key=own_key)
        classmate_key = "keptvideo1"
        judged = add_entry(session, competition, classmate, title="Jäävän CV", key=classmate_key)
        # Only people who may judge score (issue 12): the other judge is an employer.
        other_judge = factories.user(session, "employer")
        for judge_user in (person, other_judge):
            session.add(
                Assignment(entry_id=judged.id, judge_id=seat(session, competition, judge_user).id)
            )
            session.flush()
            scores = {c.id: c.max_score - 1 for c in competition.criteria}
            judging.save_scores(
                session, judge_user, judged, scores=scores, comment="Selkeä", now=now
            )
        session.add(Notification(user_id=person.id, kind="badge_awarded", params={"badge": "X"}))
        session.add(
            PushSubscription(
                user_id=person.id,
                endpoint="https://push.example/send/poistuva",
                p256dh="BNc",
                auth="AAAAAAAAAAAAAAAAAAAAAA",
                device="Firefox · Android",
            )
        )
        session.flush()
        _video_files(own_key)
        classmate_files = _video_files(classmate_key) + [
            storage.path_for(kept.stored_name),
            storage.path_for(badge.image_name, "badges"),
        ]
        return World(
            person_id=person.id,
            email=person.email,
            teacher_id=teacher.id,
            classmate_id=classmate.id,
            classmate_plan_id=plan.id,
            competition_id=competition.id,
            judged_entry_id=judged.id,
            award_public_id=award_public_id,
            classmate_files=classmate_files,
        )


def files_under(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


ONE_DAY = timedelta(days=1)
