"""Video files: streaming an upload to disk, checking it with ffprobe, transcoding in a job.

Files live in MEDIA_ROOT/competitions/ under a random key per upload:
KEY.orig (the upload, deleted after a good transcode), KEY.mp4 and KEY.jpg.
"""

import json
import os
import re
import subprocess  # noqa: S404 - ffmpeg and ffprobe, with argument lists, never a shell
from pathlib import Path

from flask import current_app

from quests.errors import N_, TooLarge, UnsupportedFile
from webapp import video_files
from webapp.competitions.errors import InvalidCaptions, InvalidVideo
from webapp.competitions.models import Entry, VideoState
from webapp.extensions import db

CHUNK = 1024 * 1024
MAX_CAPTIONS_BYTES = 256 * 1024
# What ffprobe calls still images: a photo renamed .mp4 is not a video.
IMAGE_FORMATS = {"image2", "png_pipe", "jpeg_pipe", "webp_pipe", "gif", "bmp_pipe", "tiff_pipe"}
IMAGE_CODECS = {"png", "mjpeg", "gif", "bmp", "webp", "tiff"}
TRANSCODE_TIMEOUT = 30 * 60
# At most 720 on the short side, phones' portrait videos included; even sizes for yuv420p.
SCALE = (
    "scale='if(gte(iw,ih),-2,trunc(min(720,iw)/2)*2)':'if(gte(iw,ih),trunc(min(720,ih)/2)*2,-2)'"
)


def folder() -> Path:
    path = Path(current_app.config["MEDIA_ROOT"]) / "competitions"
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_of(key: str, suffix: str) -> Path:
    if not re.fullmatch(r"[A-Za-z0-9_-]+", key):
        raise ValueError("not a media key")
    return folder() / f"{key}.{suffix}"


def delete_files(key: str | None) -> None:
    if key:
        for suffix in ("orig", "mp4", "jpg", "mp4.part", "jpg.part"):
            path_of(key, suffix).unlink(missing_ok=True)


def save_upload(stream, key: str, max_bytes: int) -> Path:
    """Copy an upload to disk a chunk at a time; nothing is kept if it is too large or empty."""
    target = path_of(key, "orig")
    written = 0
    try:
        with target.open("wb") as out:
            while chunk := stream.read(CHUNK):
                written += len(chunk)
                if written > max_bytes:
                    raise TooLarge(
                        N_(
                            "The video is larger than this competition allows. Trim it or record "
                            "a shorter one."
                        )
                    )
                out.write(chunk)
        if written == 0:
            raise InvalidVideo(N_("The file is empty. Choose the video again."))
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


def _container(path: Path) -> str:
    """The container named from the file's first bytes; a playlist or list of files is refused."""
    try:
        return video_files.container_of(path)
    except UnsupportedFile as error:
        raise InvalidVideo(
            N_("The file has no video in it. Choose a video, not a photo or text.")
        ) from error


def probe(path: Path, max_seconds: int) -> int:
    """The video's duration in whole seconds, if ffprobe finds a real video stream in it."""
    container = _container(path)
    try:
        result = subprocess.run(  # noqa: S603 - fixed program, our own file path
            [
                _tool("ffprobe"),
                "-v",
                "error",
                "-print_format",
                "json",
                "-show_format",
                "-show_streams",
                *video_files.input_args(path, container),
            ],
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise InvalidVideo() from error
    if result.returncode != 0:
        raise InvalidVideo(
            N_("The file is not a complete video. It may have been cut off; try uploading again.")
        )
    info = json.loads(result.stdout or b"{}")
    format_name = info.get("format", {}).get("format_name", "")
    videos = [
        s
        for s in info.get("streams", [])
        if s.get("codec_type") == "video"
        and s.get("codec_name") not in IMAGE_CODECS
        and not s.get("disposition", {}).get("attached_pic")
    ]
    if (
        not videos
        or set(format_name.split(",")) & IMAGE_FORMATS
        or not video_files.reported_as(container, format_name)
    ):
        raise InvalidVideo(N_("The file has no video in it. Choose a video, not a photo or text."))
    try:
        duration = float(info["format"]["duration"])
    except (KeyError, ValueError) as error:
        raise InvalidVideo(
            N_("The video's length cannot be read. It may have been cut off; try again.")
        ) from error
    if duration <= 0:
        raise InvalidVideo(N_("The file has no video in it. Choose a video, not a photo or text."))
    if duration > max_seconds + 0.5:
        raise InvalidVideo(N_("The video is too long. Keep it within the time limit."))
    return max(1, round(duration))


def _tool(name: str) -> str:
    return video_files.tool(name)


def run_ffmpeg(*args: str) -> None:
    """ffmpeg with its error output captured: a failure's CalledProcessError carries it."""
    subprocess.run(  # noqa: S603 - fixed program, our own file paths
        [_tool("ffmpeg"), "-nostdin", "-hide_banner", "-v", "error", "-y", *args],
        capture_output=True,
        timeout=TRANSCODE_TIMEOUT,
        check=True,
    )


UNREADABLE = N_(
    "The video could not be converted. It may be damaged or in an unusual format: "
    "record it again with the phone's own camera app and upload it."
)
KEPT_PREVIOUS = N_(
    "The new video could not be converted: it may be damaged or in an unusual format. "
    "Your earlier video is still in place."
)
SERVER_TROUBLE = N_(
    "Converting stopped because of a problem on our side, not your video. "
    "It is tried again by itself; your upload is kept."
)
SERVER_GAVE_UP = N_(
    "The video could not be converted because of a problem on our side, not your video. "
    "The organisers can see this and try again; your upload is kept."
)
MAX_ATTEMPTS = 3
# Waits before the 2nd and 3rd try of a transcode that failed for a server reason.
RETRY_DELAYS = (60, 300)


class ServerTrouble(Exception):
    """The conversion failed for a reason of ours (disk full, ffmpeg killed): tried again."""


def _error_output(error: BaseException) -> str:
    output = getattr(error, "stderr", None) or b""
    if isinstance(output, bytes):
        output = output.decode("utf-8", "replace")
    return f"{type(error).__name__}: {error}\n{output}".strip()[-4000:]


def _is_server_side(error: BaseException) -> bool:
    """Whether the failure is ours, not the upload's: only an unreadable video is the student's."""
    if isinstance(error, (subprocess.TimeoutExpired, OSError)):
        return True
    if isinstance(error, subprocess.CalledProcessError):
        if error.returncode < 0:  # killed by a signal
            return True
        output = error.stderr or b""
        return any(
            sign in output
            for sign in (b"No space left on device", b"Cannot allocate memory", b"Killed")
        )
    return False


def transcode_options(entry_id: int, key: str):
    from webapp import jobs

    return jobs.Options(
        queue=jobs.MEDIA,
        retry_delays=RETRY_DELAYS,
        timeout=2 * TRANSCODE_TIMEOUT + 60,
        job_id=f"transcode-{entry_id}-{key}",
    )


def queue_transcode(entry_id: int, key: str) -> bool:
    """After the commit: queue the job. Redis down is logged; the sweeper queues it later."""
    from webapp import jobs

    return jobs.try_enqueue(
        transcode_entry, entry_id, key, options=transcode_options(entry_id, key)
    )


def _convert(key: str, duration_seconds: int | None) -> None:
    source, part, poster_part = (
        path_of(key, "orig"),
        path_of(key, "mp4.part"),
        path_of(key, "jpg.part"),
    )
    run_ffmpeg(
        *video_files.input_args(source, _container(source)),
        "-map",
        "0:v:0",
        "-map",
        "0:a:0?",
        "-vf",
        SCALE,
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-crf",
        "23",
        # Without yuv420p x264 may choose a 4:4:4 profile that phones cannot play.
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-b:a",
        "128k",
        "-ac",
        "2",
        # The name, comment and GPS position a phone writes go no further.
        *video_files.STRIP_METADATA,
        "-movflags",
        "+faststart",
        "-f",
        "mp4",
        str(part),
    )
    at = min(1.0, (duration_seconds or 1) / 3)
    run_ffmpeg(
        "-ss",
        f"{at:.2f}",
        *video_files.input_args(part, video_files.MOV),
        "-frames:v",
        "1",
        "-q:v",
        "4",
        "-f",
        "image2",
        "-c:v",
        "mjpeg",
        str(poster_part),
    )


def _remove_parts(key: str) -> None:
    for suffix in ("mp4.part", "jpg.part"):
        path_of(key, suffix).unlink(missing_ok=True)


def _server_failure(entry: Entry, key: str, error: BaseException) -> str:
    """Keep the upload; try again later, or after MAX_ATTEMPTS tell the organisers."""
    _remove_parts(key)
    entry.video_last_error = _error_output(error)
    if entry.video_attempts >= MAX_ATTEMPTS:
        entry.video_state = VideoState.FAILED
        entry.video_error = SERVER_GAVE_UP
        db.session.commit()
        return VideoState.FAILED
    entry.video_error = SERVER_TROUBLE
    db.session.commit()
    raise ServerTrouble(f"entry {entry.id}: attempt {entry.video_attempts} failed") from error


def _unreadable(entry: Entry, key: str) -> str:
    delete_files(key)
    if entry.previous_video_key:
        # A replacement that cannot be read: the earlier, ready video stays.
        entry.video_key, entry.previous_video_key = entry.previous_video_key, None
        entry.video_state = VideoState.READY
        entry.video_error = KEPT_PREVIOUS
    else:
        entry.video_state = VideoState.FAILED
        entry.video_error = UNREADABLE
    db.session.commit()
    return VideoState.FAILED


def transcode_entry(entry_id: int, key: str) -> str:
    """The background job: H.264/AAC MP4 at most 720p with a poster, then drop the original.

    A replaced or withdrawn video's job finds its key gone and does nothing. A failure of
    ours keeps the upload and raises ServerTrouble, so the job is tried again (RQ's Retry or
    the thread's loop); a video ffmpeg cannot read is the only failure blamed on the upload.
    """
    entry = db.session.get(Entry, entry_id)
    if entry is None or entry.video_key != key:
        delete_files(key)
        return "stale"
    if entry.video_state != VideoState.PROCESSING:
        return entry.video_state  # settled already (queued twice by the sweeper)
    entry.video_attempts += 1
    duration = entry.duration_seconds
    db.session.commit()
    try:
        _convert(key, duration)
    except (OSError, subprocess.SubprocessError, InvalidVideo) as error:
        current_app.logger.warning(
            "transcoding entry %s failed: %s", entry_id, _error_output(error)
        )
        db.session.expire_all()
        entry = db.session.get(Entry, entry_id)
        if entry is None or entry.video_key != key:
            delete_files(key)
            return "stale"
        if _is_server_side(error):
            return _server_failure(entry, key, error)
        return _unreadable(entry, key)
    # Replaced or withdrawn while converting: this version's files are not wanted.
    db.session.expire_all()
    entry = db.session.get(Entry, entry_id)
    if entry is None or entry.video_key != key:
        delete_files(key)
        return "stale"
    os.replace(path_of(key, "mp4.part"), path_of(key, "mp4"))
    os.replace(path_of(key, "jpg.part"), path_of(key, "jpg"))
    path_of(key, "orig").unlink(missing_ok=True)
    # The replaced video's files go only now that the new one is ready.
    delete_files(entry.previous_video_key)
    entry.previous_video_key = None
    entry.video_state = VideoState.READY
    entry.video_error = None
    entry.video_last_error = None
    db.session.commit()
    return VideoState.READY


# --- captions ----------------------------------------------------------------

TIMING = re.compile(
    r"^(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}\s+-->\s+(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}(?:\s.*)?$"
)


def read_captions(stream) -> tuple[str, str]:
    """A WebVTT file checked line by line; returns it and the transcript its cues make."""
    data = stream.read(MAX_CAPTIONS_BYTES + 1)
    if len(data) > MAX_CAPTIONS_BYTES:
        raise TooLarge(N_("The caption file is too large; it can be at most 256 KB."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidCaptions(N_("Save the caption file as UTF-8 text.")) from error
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        raise InvalidCaptions(N_("A WebVTT caption file starts with the word WEBVTT."))
    cues, words, in_cue = 0, [], False
    for line in lines[1:]:
        stripped = line.strip()
        if "-->" in stripped:
            if not TIMING.match(stripped):
                raise InvalidCaptions(
                    N_("A caption timing is not in the form 00:01.000 --> 00:04.000.")
                )
            cues += 1
            in_cue = True
        elif not stripped:
            in_cue = False
        elif in_cue:
            words.append(re.sub(r"<[^>]+>", "", stripped))
    if cues == 0:
        raise InvalidCaptions(N_("The caption file has no captions in it."))
    return "\n".join(lines).strip() + "\n", " ".join(words)


def _stamp(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes):02d}:{rest:06.3f}"


def transcript_to_vtt(transcript: str, duration_seconds: int | None) -> str:
    """A simple caption track: the transcript in short lines spread evenly over the video."""
    words = transcript.split()
    if not words:
        raise InvalidCaptions(N_("Type the transcript, or choose a caption file."))
    lines = [" ".join(words[i : i + 10]) for i in range(0, len(words), 10)]
    span = (duration_seconds or 4 * len(lines)) / len(lines)
    out = ["WEBVTT", ""]
    for n, line in enumerate(lines):
        out += [f"{_stamp(n * span)} --> {_stamp((n + 1) * span)}", line, ""]
    return "\n".join(out)
