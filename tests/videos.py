"""Small real videos made by ffmpeg, with the metadata a phone writes into them."""

import json
import shutil
import subprocess  # noqa: S404 - ffmpeg and ffprobe with argument lists
from pathlib import Path

import pytest

FFMPEG, FFPROBE = shutil.which("ffmpeg"), shutil.which("ffprobe")
# What a phone's camera app writes about its owner and where the video was filmed.
PHONE_TAGS = {
    "title": "Aino Virtanen esittäytyy",
    "artist": "Aino Virtanen",
    "comment": "Kuvattu kotona",
    "location": "+60.2055+024.6559/",
}
# Tags that say how the file is made, and nothing about who made it or where.
TECHNICAL_TAGS = {
    "major_brand",
    "minor_version",
    "compatible_brands",
    "encoder",
    "handler_name",
    "vendor_id",
    "language",
    "duration",
}


def phone_video(path: Path, seconds: int = 2) -> Path:
    """A MOV with a tone, a chapter and the tags above, as an iPhone would make it."""
    if FFMPEG is None:
        pytest.skip("ffmpeg is missing")
    chapters = path.with_suffix(".chapters.txt")
    chapters.write_text(
        ";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=1000\ntitle=Koti, Espoo\n"
    )
    tags = [arg for key, value in PHONE_TAGS.items() for arg in ("-metadata", f"{key}={value}")]
    subprocess.run(  # noqa: S603
        [
            FFMPEG, "-v", "error", "-y",
            "-f", "lavfi", "-i", f"testsrc=size=160x120:rate=15:duration={seconds}",
            "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
            "-i", str(chapters), "-map", "0", "-map", "1", "-map_chapters", "2",
            "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac",
            *tags, "-metadata:s:v:0", "title=Aino", "-movflags", "use_metadata_tags",
            "-f", "mov", str(path),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return path


def tags_of(path: Path) -> dict:
    """Every container, stream and chapter tag ffprobe finds, by name (lower case)."""
    result = subprocess.run(  # noqa: S603
        [
            FFPROBE, "-v", "error", "-print_format", "json",
            "-show_format", "-show_streams", "-show_chapters", str(path),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    info = json.loads(result.stdout)
    found = dict(info["format"].get("tags", {}))
    for part in info.get("streams", []) + info.get("chapters", []):
        found.update(part.get("tags", {}))
    if info.get("chapters"):
        found["chapters"] = len(info["chapters"])
    return {key.lower(): value for key, value in found.items()}


def personal_tags(path: Path) -> dict:
    return {k: v for k, v in tags_of(path).items() if k not in TECHNICAL_TAGS}
