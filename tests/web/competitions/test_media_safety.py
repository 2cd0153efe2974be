"""What ffmpeg may read and what a served video still says about its maker (findings 3 and 5)."""

import pytest
from sqlalchemy import select

from tests import factories
from tests.videos import personal_tags, phone_video
from tests.web.competitions.conftest import add_entry, make_competition, media_files, post_video
from tests.web.competitions.test_entries import CONSENT, fetch
from webapp.competitions import media
from webapp.competitions.models import Entry


@pytest.fixture
def open_competition(data):
    with data() as session:
        return make_competition(session, factories.user(session, "admin")).id


def test_a_served_entry_video_keeps_no_name_comment_location_or_chapters(
    app, client, login_as, open_competition, tmp_path
):
    source = phone_video(tmp_path / "IMG_0001.MOV")
    assert personal_tags(source)  # the attack's premise: the phone wrote them
    login_as("student")
    url = f"/competitions/{open_competition}/enter"
    response = post_video(client, url, source, url, **CONSENT)
    assert response.status_code == 303
    served = fetch(client, response.headers["Location"] + "/video.mp4")
    assert served.status_code == 200
    copy = tmp_path / "served.mp4"
    copy.write_bytes(served.data)
    assert personal_tags(copy) == {}


def _secret_video(tmp_path):
    """A file elsewhere on the server's disk that no upload may pull in."""
    return phone_video(tmp_path / "secret.mov", seconds=1)


def _playlists(tmp_path) -> dict[str, bytes]:
    secret = _secret_video(tmp_path)
    return {
        "hls": (
            f"#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:1.0,\nfile:{secret}\n#EXT-X-ENDLIST\n"
        ).encode(),
        "hls_plain_path": f"#EXTM3U\n#EXTINF:1.0,\n{secret}\n#EXT-X-ENDLIST\n".encode(),
        "ffconcat": f"ffconcat version 1.0\nfile '{secret}'\n".encode(),
        "concat": f"file '{secret}'\n".encode(),
    }


@pytest.mark.parametrize("kind", ["hls", "hls_plain_path", "ffconcat", "concat"])
def test_a_playlist_upload_is_refused_and_reads_no_other_file(
    app, client, login_as, data, open_competition, tmp_path, kind
):
    body = _playlists(tmp_path)[kind]
    upload = tmp_path / "cv.mp4"
    upload.write_bytes(body)
    login_as("student")
    url = f"/competitions/{open_competition}/enter"
    response = post_video(client, url, upload, url, **CONSENT)
    assert response.status_code == 422
    assert "Tiedostossa ei ole videota" in response.get_data(as_text=True)
    with data() as session:
        assert session.scalar(select(Entry)) is None
    assert media_files(app) == []


@pytest.mark.parametrize("kind", ["hls", "hls_plain_path", "ffconcat", "concat"])
def test_the_transcoder_never_follows_a_playlist_even_if_one_got_past_the_probe(
    app, data, tmp_path, kind
):
    body = _playlists(tmp_path)[kind]
    with data() as session:
        competition = make_competition(session, factories.user(session, "admin"))
        student = factories.user(session, "student")
        entry = add_entry(session, competition, student, state="processing")
        entry_id, key = entry.id, entry.video_key
    with app.app_context():
        media.path_of(key, "orig").write_bytes(body)
        assert media.transcode_entry(entry_id, key) == "failed"
        assert not media.path_of(key, "mp4").exists()


def test_the_probe_names_the_container_and_allows_local_files_only(tmp_path):
    source = phone_video(tmp_path / "cv.mov", seconds=1)
    from webapp import video_files

    args = video_files.input_args(source, video_files.container_of(source))
    assert args[:4] == ["-protocol_whitelist", "file", "-f", "mov"]
    for head in (b"#EXTM3U\n", b"ffconcat version 1.0\n", b"file 'x.mp4'\n", b"\x89PNG\r\n"):
        assert video_files.sniff(head + bytes(16)) is None
