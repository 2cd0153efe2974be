"""A huge image is refused from its header, before it costs memory (finding 8).

Peak memory is measured in a fresh Python process (Pillow's pixels are allocated
outside Python's allocator, so tracemalloc would not see them): its peak RSS after
handling the file, less its peak before.
"""

import io
import json
import struct
import subprocess  # noqa: S404 - our own interpreter, a fixed script
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image

from tests import factories
from tests.conftest import log_in, page_token

MB = 1024 * 1024
ROOT = Path(__file__).resolve().parents[2]

MEASURE = """
import json, resource, sys
from webapp import storage
from webapp.badges import images as badge_images
from quests.errors import DomainError
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    storage._image(data) if sys.argv[2] == "photo" else badge_images._check_png(data)
    outcome = "accepted"
except DomainError as error:
    outcome = error.status
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"outcome": outcome, "peak_mb": (after - before) / 1024}))
"""


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def flat_png(width: int, height: int) -> bytes:
    """A real RGB PNG of one colour, compressed row by row: tiny on disk, huge decoded."""
    packer = zlib.compressobj(9)
    row = b"\0" + b"\x80" * (width * 3)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", idat)
        + _chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("images") / "bomb.png"
    path.write_bytes(flat_png(8900, 8900))
    return path


def _measure(path: Path, kind: str) -> dict:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", MEASURE, str(path), kind],
        capture_output=True,
        check=True,
        cwd=ROOT,
        timeout=120,
    )
    return json.loads(result.stdout)


def test_the_probes_image_is_small_on_disk_and_huge_decoded(bomb):
    assert bomb.stat().st_size < MB
    with Image.open(bomb) as image:
        assert image.size == (8900, 8900)


@pytest.mark.parametrize("kind", ["photo", "badge"])
def test_an_8900_square_png_is_refused_without_decoding_it(bomb, kind):
    measured = _measure(bomb, kind)
    assert measured["outcome"] == 413
    assert measured["peak_mb"] < 20, measured


def test_a_36_megapixel_phone_photo_is_accepted_within_a_memory_budget(tmp_path):
    path = tmp_path / "big.jpg"
    Image.new("RGB", (6000, 6000), (40, 120, 90)).save(path, "JPEG", quality=70)
    measured = _measure(path, "photo")
    assert measured["outcome"] == "accepted"
    # Decoded at a reduced scale: far below the 108 MB of its full-size pixels.
    assert measured["peak_mb"] < 60, measured


def test_a_huge_photo_upload_gets_a_clear_413(app, data, bomb):
    with data() as session:
        teacher = factories.user(session, "teacher")
        student = factories.user(session, "student")
        cohort = factories.cohort(session, teacher=teacher, students=[student])
        quest = factories.challenge(session, teacher, cohort, steps=[("Kuva", "photo")])
        quest_id, step_id, email = quest.id, quest.steps[0].id, student.email
    client = app.test_client()
    log_in(client, email)
    token = page_token(client, f"/quests/{quest_id}")
    client.post(f"/quests/{quest_id}/accept", data={"csrf_token": token})
    response = client.post(
        f"/quests/{quest_id}/submit",
        data={
            "csrf_token": page_token(client, f"/quests/{quest_id}"),
            f"step-{step_id}": (io.BytesIO(bomb.read_bytes()), "IMG.png"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert "8900 × 8900" in response.get_data(as_text=True)
