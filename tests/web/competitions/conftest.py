"""Fixtures of the competition's tests: jobs run inline, tiny real videos made once by ffmpeg."""

import io
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from quests.clock import utcnow
from tests import factories
from tests.conftest import _empty_tables, page_token
from webapp.competitions import judging, media, services
from webapp.competitions.models import Competition

FFMPEG = shutil.which("ffmpeg")


@pytest.fixture
def app(make_app):
    """Transcoding runs inline, so a test sees an upload end up ready or failed."""
    app = make_app(JOBS_EAGER=True)
    yield app
    _empty_tables(app)


def _ffmpeg(*args):
    subprocess.run([FFMPEG, "-v", "error", "-y", *args], check=True, capture_output=True)  # noqa: S603


@pytest.fixture(scope="session")
def videos(tmp_path_factory) -> dict[str, Path]:
    """Two seconds at 160×120 with a tone, as MP4 and WebM, and files that only look like video."""
    if FFMPEG is None:
        pytest.skip("ffmpeg is missing")
    folder = tmp_path_factory.mktemp("videos")
    source = ["-f", "lavfi", "-i", "testsrc=size=160x120:rate=15:duration=2"]
    tone = ["-f", "lavfi", "-i", "sine=frequency=440:duration=2"]
    mp4, webm = folder / "cv.mp4", folder / "cv.webm"
    _ffmpeg(*source, *tone, "-c:v", "libx264", "-pix_fmt", "yuv444p", "-c:a", "aac", str(mp4))
    _ffmpeg(*source, *tone, "-c:v", "libvpx", "-b:v", "200k", "-c:a", "libopus", str(webm))
    png = folder / "photo.mp4"
    _ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "testsrc=size=160x120",
        "-frames:v",
        "1",
        "-f",
        "image2",
        "-c:v",
        "png",
        str(png),
    )
    truncated = folder / "cut.mp4"
    truncated.write_bytes(mp4.read_bytes()[: mp4.stat().st_size // 3])
    text = folder / "notes.mp4"
    text.write_text("Tämä ei ole video.\n" * 100)
    empty = folder / "empty.mp4"
    empty.write_bytes(b"")
    return {
        "mp4": mp4,
        "webm": webm,
        "png": png,
        "truncated": truncated,
        "text": text,
        "empty": empty,
    }


@dataclass
class World:
    competition_id: int
    admin: factories.Person
    entrant: factories.Person
    other_student: factories.Person
    judge: factories.Person
    idle_judge: factories.Person
    conflicted_judge: factories.Person
    entry_id: int | None = None
    # A seat offered to an address none of the people above has: its link's secret.
    seat_token: str | None = None


def person(user) -> factories.Person:
    return factories.Person(user.id, user.email, factories.PASSWORD)


def make_competition(session, admin, **overrides) -> Competition:
    now = datetime.now(UTC)
    fields = {
        "title": "Kesätyö-CV 2027",
        "description": "Näytä osaamisesi videolla.",
        "rules": "Video on oma, ja siinä esiintyy vain hakija.",
        "windows": (
            now - timedelta(days=1),
            now + timedelta(days=1),
            now - timedelta(days=1),
            now + timedelta(days=2),
        ),
        "criteria": [
            services.CriterionInput("Osaaminen", "Mitä osaat", 2, 5),
            services.CriterionInput("Esiintyminen", "Miten kerrot", 1, 5),
        ],
        "prizes": [("Kesätyö", "Espoon Kahvipaahtimo"), ("Harjoittelu", "LVI-Salonen")],
    }
    fields.update(overrides)
    return services.create_competition(session, admin, **fields)


def add_entry(session, competition, student, title="Minun CV:ni", state="ready", key=None):
    from webapp.competitions.models import Entry

    entry = Entry(
        competition_id=competition.id,
        student_id=student.id,
        title=title,
        pitch="Olen innokas oppija.",
        consent_at=datetime.now(UTC),
        video_state=state,
        video_key=key or services.new_video_key(),
        duration_seconds=2,
    )
    session.add(entry)
    session.flush()
    return entry


def seat(session, competition, user, conflict_with=None):
    from webapp.competitions.models import Conflict, Judge

    judge = Judge(competition_id=competition.id, email=user.email, user_id=user.id)
    session.add(judge)
    session.flush()
    if conflict_with is not None:
        session.add(Conflict(judge_id=judge.id, entry_id=conflict_with.id))
        session.flush()
    return judge


@pytest.fixture
def world(data) -> World:
    """A competition with one entry, its judges in every relation to it, and an organiser."""
    with data() as session:
        return build_world(session)


def build_world(session) -> World:
    from webapp.competitions.models import Assignment

    admin = factories.user(session, "admin", name="Satu Laine")
    entrant = factories.user(session, "student", name="Aino Virtanen")
    other = factories.user(session, "student", name="Eetu Heikkinen")
    judge = factories.user(session, "employer", name="Jari Mäkinen")
    idle = factories.user(session, "employer", name="Kaisa Ojala")
    conflicted = factories.user(session, "employer", name="Pekka Virtanen")
    competition = make_competition(session, admin)
    entry = add_entry(session, competition, entrant)
    judge_seat = seat(session, competition, judge)
    seat(session, competition, idle)
    seat(session, competition, conflicted, conflict_with=entry)
    session.add(Assignment(entry_id=entry.id, judge_id=judge_seat.id))
    entry.captions_vtt = "WEBVTT\n\n00:00.000 --> 00:02.000\nHei!\n"
    entry.transcript = "Hei!"
    media.path_of(entry.video_key, "mp4").write_bytes(b"\0" * 1000)
    media.path_of(entry.video_key, "jpg").write_bytes(b"\xff\xd8\xff")
    offer = judging.add_judge(session, admin, competition, "kutsuttu@example.fi", utcnow())
    return World(
        competition.id,
        person(admin),
        person(entrant),
        person(other),
        person(judge),
        person(idle),
        person(conflicted),
        entry.id,
        offer.seat_token,
    )


def post_video(client, url, path: Path, token_page: str, **fields):
    data = {"csrf_token": page_token(client, token_page), **fields}
    data["video"] = FileStorage(io.BytesIO(path.read_bytes()), path.name)
    # Encoded in memory: the test client would spool a large body to a file it never closes.
    boundary, body = encode_multipart(data)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def media_files(app) -> list[Path]:
    folder = Path(app.config["MEDIA_ROOT"]) / "competitions"
    return sorted(folder.iterdir()) if folder.exists() else []


class MultipartStream:
    """A multipart body with a generated file of `size` bytes, made as it is read.

    Neither the test nor the test client holds the file in memory.
    """

    boundary = "polku-test-boundary"

    def __init__(self, fields: dict, size: int, filename: str = "cv.mp4"):
        head = b"".join(
            f'--{self.boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
            for name, value in fields.items()
        )
        head += (
            f'--{self.boundary}\r\nContent-Disposition: form-data; name="video"; '
            f'filename="{filename}"\r\nContent-Type: video/mp4\r\n\r\n'
        ).encode()
        self.head, self.size = head, size
        self.tail = f"\r\n--{self.boundary}--\r\n".encode()
        self.length = len(head) + size + len(self.tail)
        self.position = 0
        self.block = bytes(range(256)) * 512  # 128 KiB of something that is not a video

    # The test client measures the body by seeking to its end and back.
    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = 0) -> int:
        self.position = {0: offset, 1: self.position + offset, 2: self.length + offset}[whence]
        return self.position

    def _body(self, start: int, n: int) -> bytes:
        begin = start % 65536
        return self.block[begin : begin + min(n, 65536)]

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:
            n = 1 << 20
        out = bytearray()
        head_end, body_end = len(self.head), len(self.head) + self.size
        while len(out) < n and self.position < self.length:
            want = n - len(out)
            if self.position < head_end:
                piece = self.head[self.position : self.position + want]
            elif self.position < body_end:
                offset = self.position - head_end
                piece = self._body(offset, min(want, body_end - self.position))
            else:
                piece = self.tail[self.position - body_end :][:want]
            out += piece
            self.position += len(piece)
        return bytes(out)

    def post(self, client, url):
        return client.post(
            url,
            input_stream=self,
            content_length=self.length,
            content_type=f"multipart/form-data; boundary={self.boundary}",
        )
