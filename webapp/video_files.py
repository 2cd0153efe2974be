"""What ffmpeg and ffprobe may read, and how a video leaves without its metadata.

ffmpeg guesses a file's format from its content, and some formats it would guess
are instructions, not videos: an HLS playlist (#EXTM3U), a concat list or an image
sequence makes it open other files on the server's disk. So the container is chosen
here from the file's first bytes among the few a phone records, named to ffmpeg with
-f, and only the file protocol is allowed; nothing else is handed to ffmpeg at all.

A phone's video carries its owner's name, a comment and the GPS position where it
was filmed: every copy we keep or serve is written without container, stream or
chapter metadata.
"""

import shutil
import subprocess  # noqa: S404 - ffmpeg and ffprobe, with argument lists, never a shell
from pathlib import Path

from quests.errors import N_, UnsupportedFile

# ffmpeg's demuxer (for -f) and what ffprobe then reports as the format's name.
MOV, MATROSKA = "mov", "matroska"
REPORTED = {
    MOV: {"mov", "mp4", "m4a", "3gp", "3g2", "mj2"},
    MATROSKA: {"matroska", "webm"},
}
NOT_A_VIDEO = N_("That is not a video we can use. Use MP4, MOV, WebM, MKV or 3GP from your phone.")
REMUX_TIMEOUT = 120

# Written after -i: no global, stream or chapter metadata, and no tool version stamps.
STRIP_METADATA = (
    "-map_metadata",
    "-1",
    "-map_chapters",
    "-1",
    "-fflags",
    "+bitexact",
)


def sniff(head: bytes) -> str | None:
    """The demuxer for a file starting with these bytes: ISO media (MP4, MOV, 3GP) or Matroska."""
    if head[4:8] == b"ftyp":
        return MOV
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return MATROSKA
    return None


def container_of(path: Path) -> str:
    with path.open("rb") as handle:
        found = sniff(handle.read(16))
    if found is None:
        raise UnsupportedFile(NOT_A_VIDEO)
    return found


def reported_as(container: str, format_name: str) -> bool:
    """Did ffprobe, told the container, read the file as that container?"""
    return bool(set(format_name.split(",")) & REPORTED[container])


def input_args(path: Path, container: str) -> list[str]:
    """Arguments before (and including) -i: one known demuxer, local files only."""
    if container not in REPORTED:
        raise ValueError(f"not an allowed container: {container}")
    return ["-protocol_whitelist", "file", "-f", container, "-i", f"file:{path}"]


def tool(name: str) -> str:
    # A full path, found once per call: the server's PATH decides which ffmpeg runs.
    return shutil.which(name) or f"/usr/bin/{name}"


def remux_without_metadata(source: Path, target: Path) -> None:
    """Copy the streams into a fresh file of the same kind, leaving every tag behind."""
    container = container_of(source)
    muxer = ["-movflags", "+faststart", "-f", "mp4"] if container == MOV else ["-f", "webm"]
    result = subprocess.run(  # noqa: S603 - fixed program, our own file paths
        [
            tool("ffmpeg"),
            "-nostdin",
            "-v",
            "error",
            "-y",
            *input_args(source, container),
            "-map",
            "0:v",
            "-map",
            "0:a?",
            "-c",
            "copy",
            *STRIP_METADATA,
            *muxer,
            f"file:{target}",
        ],
        capture_output=True,
        timeout=REMUX_TIMEOUT,
        check=False,
    )
    if result.returncode != 0 or not target.exists() or target.stat().st_size == 0:
        target.unlink(missing_ok=True)
        raise UnsupportedFile(NOT_A_VIDEO)
