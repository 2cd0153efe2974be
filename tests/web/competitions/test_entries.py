"""Entering with a phone video: streamed upload, checks by content, transcoding, captions."""

import json
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.conftest import page_token
from tests.web.competitions.conftest import (
    MultipartStream,
    make_competition,
    media_files,
    post_video,
)
from webapp.competitions.models import Entry

CONSENT = {"title": "Kokki ja leipuri", "pitch": "Teen ruokaa isoille ryhmille.", "consent": "y"}


@pytest.fixture
def open_competition(data):
    with data() as session:
        admin = factories.user(session, "admin")
        return make_competition(session, admin).id


def fetch(client, url, **kwargs):
    """A file answer, read and closed (send_file keeps the file open until then)."""
    response = client.get(url, **kwargs)
    response.get_data()
    response.close()
    return response


def _count_entries(data) -> int:
    with data() as session:
        return session.scalar(select(func.count()).select_from(Entry))


def _probe(path) -> dict:
    out = subprocess.run(  # noqa: S603
        ["/usr/bin/ffprobe", "-v", "error", "-print_format", "json", "-show_streams", str(path)],
        capture_output=True,
        check=True,
    )
    return json.loads(out.stdout)


@pytest.mark.parametrize("kind", ["mp4", "webm"])
def test_a_phone_video_ends_up_ready_with_a_poster(
    app, client, login_as, data, videos, open_competition, kind
):
    login_as("student")
    url = f"/competitions/{open_competition}/enter"
    response = post_video(client, url, videos[kind], url, **CONSENT)
    assert response.status_code == 303, response.get_data(as_text=True)
    entry_url = response.headers["Location"]
    page = client.get(entry_url).get_data(as_text=True)
    assert "Valmis" in page and "<video" in page and 'type="video/mp4"' in page

    files = media_files(app)
    assert sorted(p.suffix for p in files) == [".jpg", ".mp4"]  # the original is gone
    streams = {
        s["codec_type"]: s for s in _probe(next(p for p in files if p.suffix == ".mp4"))["streams"]
    }
    assert streams["video"]["codec_name"] == "h264"
    # x264 would keep the 4:4:4 source's chroma without -pix_fmt yuv420p.
    assert streams["video"]["pix_fmt"] == "yuv420p"
    assert streams["video"]["height"] <= 720
    assert streams["audio"]["codec_name"] == "aac"
    poster = fetch(client, entry_url + "/poster.jpg")
    assert poster.status_code == 200 and poster.data[:2] == b"\xff\xd8"


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("text", "Tiedostossa ei ole videota"),
        ("truncated", "Tiedosto ei ole kokonainen video"),
        ("empty", "Tiedosto on tyhjä"),
        ("png", "Tiedostossa ei ole videota"),
    ],
)
def test_what_is_not_a_video_is_refused_and_leaves_nothing(
    app, client, login_as, data, videos, open_competition, kind, message
):
    login_as("student")
    url = f"/competitions/{open_competition}/enter"
    response = post_video(client, url, videos[kind], url, **CONSENT)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _count_entries(data) == 0
    assert media_files(app) == []


def test_a_video_over_the_time_limit_is_refused(app, client, login_as, data, videos):
    with data() as session:
        competition = make_competition(session, factories.user(session, "admin"))
        competition.max_duration_seconds = 1
        competition_id = competition.id
    login_as("student")
    url = f"/competitions/{competition_id}/enter"
    response = post_video(client, url, videos["mp4"], url, **CONSENT)
    assert response.status_code == 422
    assert "Video on liian pitkä" in response.get_data(as_text=True)
    assert _count_entries(data) == 0 and media_files(app) == []


def test_a_file_over_the_size_limit_is_413(app, client, login_as, data, tmp_path):
    with data() as session:
        competition = make_competition(session, factories.user(session, "admin"))
        competition.max_size_mb = 1
        competition_id = competition.id
    login_as("student")
    url = f"/competitions/{competition_id}/enter"
    body = MultipartStream({"csrf_token": page_token(client, url), **CONSENT}, 2 * 1024 * 1024)
    response = body.post(client, url)
    assert response.status_code == 413
    assert "suurempi kuin tämä kilpailu sallii" in response.get_data(as_text=True)
    assert _count_entries(data) == 0 and media_files(app) == []


def test_consent_is_required_and_a_minor_needs_a_guardian(
    app, client, login_as, data, videos, open_competition
):
    login_as("student")
    url = f"/competitions/{open_competition}/enter"
    without = {**CONSENT, "consent": ""}
    response = post_video(client, url, videos["mp4"], url, **without)
    assert response.status_code == 422
    assert "Sinun täytyy hyväksyä" in response.get_data(as_text=True)
    response = post_video(client, url, videos["mp4"], url, **CONSENT, under_18="y")
    assert response.status_code == 422
    assert "huoltajan suostumuksen" in response.get_data(as_text=True)
    assert _count_entries(data) == 0 and media_files(app) == []
    response = post_video(
        client, url, videos["mp4"], url, **CONSENT, under_18="y", guardian_consent="y"
    )
    assert response.status_code == 303


def test_entering_twice_is_a_conflict(app, client, login_as, data, videos, open_competition):
    login_as("student")
    url = f"/competitions/{open_competition}/enter"
    assert post_video(client, url, videos["mp4"], url, **CONSENT).status_code == 303
    token = page_token(client, "/competitions/")
    response = client.post(url, data={"csrf_token": token, **CONSENT})
    assert response.status_code == 409
    assert _count_entries(data) == 1 and len(media_files(app)) == 2


def test_a_closed_window_refuses_before_reading_the_video(app, client, login_as, data, videos):
    now = datetime.now(UTC)
    with data() as session:
        competition_id = make_competition(
            session,
            factories.user(session, "admin"),
            windows=(now - timedelta(days=9), now - timedelta(days=2), now, now + timedelta(2)),
        ).id
    login_as("student")
    url = f"/competitions/{competition_id}/enter"
    response = post_video(client, url, videos["mp4"], "/competitions/", **CONSENT)
    assert response.status_code == 409
    assert "Osallistumisaika on päättynyt" in response.get_data(as_text=True)
    assert media_files(app) == []


def test_htmx_upload_is_told_where_to_go(app, client, login_as, videos, open_competition):
    login_as("student")
    url = f"/competitions/{open_competition}/enter"
    data = {"csrf_token": page_token(client, url), **CONSENT}
    with videos["mp4"].open("rb") as handle:
        data["video"] = (handle, "cv.mp4")
        response = client.post(url, data=data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.headers["HX-Redirect"].startswith("/competitions/entries/")


def _enter(client, competition_id, videos):
    url = f"/competitions/{competition_id}/enter"
    response = post_video(client, url, videos["mp4"], url, **CONSENT)
    return response.headers["Location"]


def test_the_video_is_served_with_range_requests(app, client, login_as, videos, open_competition):
    login_as("student")
    entry_url = _enter(client, open_competition, videos)
    whole = fetch(client, entry_url + "/video.mp4")
    assert whole.status_code == 200 and whole.headers["Accept-Ranges"] == "bytes"
    assert "private" in whole.headers["Cache-Control"]
    part = fetch(client, entry_url + "/video.mp4", headers={"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(whole.data)}"
    assert part.data == whole.data[100:200]
    tail = fetch(client, entry_url + "/video.mp4", headers={"Range": "bytes=-10"})
    assert tail.status_code == 206 and tail.data == whole.data[-10:]
    beyond = fetch(client, entry_url + "/video.mp4", headers={"Range": f"bytes={10**9}-"})
    assert beyond.status_code == 416


def test_replacing_the_video_keeps_one_set_of_files(
    app, client, login_as, videos, open_competition
):
    login_as("student")
    entry_url = _enter(client, open_competition, videos)
    before = media_files(app)
    response = post_video(client, entry_url + "/video", videos["webm"], entry_url)
    assert response.status_code == 303
    after = media_files(app)
    assert len(after) == 2 and not set(before) & set(after)
    refused = post_video(client, entry_url + "/video", videos["text"], entry_url)
    assert refused.status_code == 422
    assert media_files(app) == after


def test_withdrawing_deletes_the_entry_and_its_files(
    app, client, login_as, data, videos, open_competition
):
    login_as("student")
    entry_url = _enter(client, open_competition, videos)
    token = page_token(client, entry_url)
    response = client.post(entry_url + "/withdraw", data={"csrf_token": token})
    assert response.status_code == 303
    assert _count_entries(data) == 0 and media_files(app) == []


VTT = (
    "WEBVTT\n\n00:00.000 --> 00:01.500\nHei, olen <b>Aino</b>.\n\n"
    "00:01.500 --> 00:02.000\nKiitos!\n"
)


def _captions(client, entry_url, **data):
    data["csrf_token"] = page_token(client, entry_url)
    return client.post(entry_url + "/captions", data=data, content_type="multipart/form-data")


def test_a_caption_file_is_checked_and_shown_in_the_player(
    app, client, login_as, videos, open_competition, tmp_path
):
    import io

    login_as("student")
    entry_url = _enter(client, open_competition, videos)
    response = _captions(client, entry_url, captions=(io.BytesIO(VTT.encode()), "cv.vtt"))
    assert response.status_code == 303
    page = client.get(entry_url).get_data(as_text=True)
    assert '<track kind="captions"' in page and "Hei, olen Aino. Kiitos!" in page
    track = client.get(entry_url + "/captions.vtt")
    assert track.mimetype == "text/vtt" and track.get_data(as_text=True).startswith("WEBVTT")

    bad = [
        (b"\x89PNG\r\n", "UTF-8"),
        (b"Hei vaan\n", "WEBVTT"),
        (b"WEBVTT\n\n1 --> 2\nHei\n", "ei ole muotoa 00:01.000"),
        (b"WEBVTT\n", "ei ole tekstityksi"),
    ]
    for content, message in bad:
        response = _captions(client, entry_url, captions=(io.BytesIO(content), "x.vtt"))
        assert response.status_code == 422, content
        assert message in response.get_data(as_text=True), content
    big = _captions(client, entry_url, captions=(io.BytesIO(b"WEBVTT\n" + b"a" * 300_000), "x.vtt"))
    assert big.status_code == 413


def test_a_typed_transcript_becomes_a_caption_track(
    app, client, login_as, videos, open_competition
):
    login_as("student")
    entry_url = _enter(client, open_competition, videos)
    words = " ".join(f"sana{n}" for n in range(25))
    assert _captions(client, entry_url, transcript=words).status_code == 303
    track = client.get(entry_url + "/captions.vtt").get_data(as_text=True)
    assert track.startswith("WEBVTT") and track.count(" --> ") == 3
    assert "00:00.000 --> 00:00.667" in track
    empty = _captions(client, entry_url, transcript="  ")
    assert empty.status_code == 422


def test_a_300_mb_upload_streams_to_disk_without_growing_memory(
    app, client, login_as, data, open_competition
):
    """The body goes to disk a chunk at a time; Python's allocations stay small throughout."""
    import tracemalloc

    login_as("student")
    url = f"/competitions/{open_competition}/enter"
    body = MultipartStream({"csrf_token": page_token(client, url), **CONSENT}, 300 * 1024 * 1024)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        response = body.post(client, url)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    growth = (peak - before) / (1024 * 1024)
    print(f"300 MB upload: peak Python memory growth {growth:.1f} MB")
    assert growth < 50, f"memory grew {growth:.1f} MB while uploading 300 MB"
    # Generated bytes are no video: refused by content, and nothing is left behind.
    assert response.status_code == 422
    assert _count_entries(data) == 0 and media_files(app) == []


def test_a_failed_transcode_tells_the_student_what_to_do_and_cleans_up(
    app, client, login_as, data, videos, open_competition, monkeypatch
):
    from webapp.competitions import media

    def broken(*args):
        raise subprocess.CalledProcessError(1, "ffmpeg")

    monkeypatch.setattr(media, "run_ffmpeg", broken)
    login_as("student")
    entry_url = _enter(client, open_competition, videos)
    page = client.get(entry_url).get_data(as_text=True)
    assert (
        "Epäonnistui" in page and "kuvaa se uudelleen puhelimen omalla kamerasovelluksella" in page
    )
    assert media_files(app) == []
    with data() as session:
        assert session.scalars(select(Entry.video_state)).one() == "failed"


def test_an_upload_without_the_form_token_is_refused(
    app, client, login_as, data, videos, open_competition
):
    login_as("student")
    url = f"/competitions/{open_competition}/enter"
    with videos["mp4"].open("rb") as handle:
        response = client.post(url, data={**CONSENT, "video": (handle, "cv.mp4")})
    assert response.status_code == 400
    assert "Lomake oli vanhentunut" in response.get_data(as_text=True)
    assert _count_entries(data) == 0 and media_files(app) == []


def test_an_entry_withdrawn_while_converting_leaves_no_files_behind(
    app, client, login_as, data, videos, open_competition, monkeypatch
):
    """The job finishes after the student has withdrawn: it keeps nothing."""
    from webapp.competitions import media

    real = media.run_ffmpeg
    calls = []

    def withdraw_midway(*args):
        real(*args)
        if not calls:
            with data() as session:
                session.delete(session.scalars(select(Entry)).one())
        calls.append(args)

    monkeypatch.setattr(media, "run_ffmpeg", withdraw_midway)
    login_as("student")
    url = f"/competitions/{open_competition}/enter"
    assert post_video(client, url, videos["mp4"], url, **CONSENT).status_code == 303
    assert _count_entries(data) == 0 and media_files(app) == []
