"""Evidence files: checked by content, stored under MEDIA_ROOT with random names.

Images are re-encoded with Pillow: turned upright, shrunk to at most 1600 px
and saved without EXIF, so a phone photo does not carry its location; videos are
re-muxed by ffmpeg without their metadata, for the same reason.
A file is written to a temporary name first and renamed when complete, so a
failed upload leaves nothing behind.
"""

import os
import secrets
import unicodedata
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from flask import current_app, g, has_request_context, request
from PIL import Image, ImageOps, UnidentifiedImageError
from werkzeug.datastructures import FileStorage

from quests.errors import N_, TooLarge, UnsupportedFile
from quests.quest_models import EvidenceKind
from webapp import video_files

MB = 1024 * 1024
LIMITS = {EvidenceKind.PHOTO: 15 * MB, EvidenceKind.VIDEO: 60 * MB, EvidenceKind.FILE: 15 * MB}
# A whole submission may carry a few files; the request limit is set per view from this.
REQUEST_LIMIT = 100 * MB
MAX_IMAGE_SIDE = 1600
# Decoding costs up to 4 bytes a pixel: 40 megapixels is at most 160 MB, once per upload.
MAX_IMAGE_PIXELS = 40_000_000
# Pillow's own check stays as a second line, far out: below it, check_pixels answers first
# with a clear message (Pillow would warn from its limit and refuse from twice that).
Image.MAX_IMAGE_PIXELS = 4 * MAX_IMAGE_PIXELS
UNREADABLE_PHOTO = N_("That is not a photo we can read. Use JPEG, PNG or WebP.")

# (magic bytes at offset, content type, extension) for files and videos
VIDEO_SIGNATURES = [
    (4, b"ftyp", "video/mp4", "mp4"),
    (0, b"\x1a\x45\xdf\xa3", "video/webm", "webm"),
]
FILE_SIGNATURES = [
    (0, b"%PDF-", "application/pdf", "pdf"),
    (0, b"PK\x03\x04", "application/zip", "zip"),
    (0, b"\xd0\xcf\x11\xe0", "application/msword", "doc"),
]
OFFICE_EXTENSIONS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
}


@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    original_name: str
    content_type: str
    size_bytes: int


# Views that take files larger than the app-wide MAX_CONTENT_LENGTH, and how large.
LARGE_UPLOADS = {"quests.submit": REQUEST_LIMIT, "badges.apply": REQUEST_LIMIT}


def allow_large_uploads() -> None:
    """Raise the body limit for the views that take phone photos and videos.

    Runs before the CSRF check, which is the first to read the body: a limit set
    inside the view would come too late.
    """
    limit = LARGE_UPLOADS.get(request.endpoint)
    if limit is not None:
        request.max_content_length = limit


def close_uploads(_error=None) -> None:
    """Close the temporary files an upload was spooled to, as soon as the request ends.

    Flask leaves them to the garbage collector, which is late and warns.
    """
    request.close()


def media_dir(area: str = "evidence") -> Path:
    folder = Path(current_app.config["MEDIA_ROOT"]) / area
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def path_for(stored_name: str, area: str = "evidence") -> Path:
    # Names are ours (random token + extension), never taken from a request.
    return media_dir(area) / Path(stored_name).name


def _read_limited(upload: FileStorage, limit: int) -> bytes:
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(
            N_("The file is too large. The limit is %(mb)d MB."), field=upload.name, mb=limit // MB
        )
    if not data:
        raise UnsupportedFile(N_("The file is empty."), field=upload.name)
    return data


def check_pixels(image: Image.Image) -> None:
    """Refuse by the size in the header, before a pixel is decoded."""
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise TooLarge(
            N_(
                "The image is %(width)d × %(height)d pixels; the limit is 40 megapixels. "
                "Take the photo again at a smaller size or shrink it first."
            ),
            width=width,
            height=height,
        )


def _image(data: bytes) -> tuple[bytes, str, str]:
    try:
        with Image.open(BytesIO(data)) as probe:
            check_pixels(probe)
            probe.verify()
        with Image.open(BytesIO(data)) as image:
            check_pixels(image)
            # A JPEG is decoded straight at a reduced scale; shrinking before turning
            # upright keeps a single full-size copy in memory at most.
            image.draft("RGB", (MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
            image.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
            image = ImageOps.exif_transpose(image)
            out = BytesIO()
            if image.mode in ("RGBA", "LA", "P"):
                image.save(out, "PNG", optimize=True)
                return out.getvalue(), "image/png", "png"
            image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
            return out.getvalue(), "image/jpeg", "jpg"
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as error:
        raise UnsupportedFile(UNREADABLE_PHOTO) from error


def _match(data: bytes, signatures) -> tuple[str, str] | None:
    for offset, magic, content_type, extension in signatures:
        if data[offset : offset + len(magic)] == magic:
            return content_type, extension
    return None


def _other_file(data: bytes, original_name: str) -> tuple[str, str]:
    extension = original_name.rsplit(".", 1)[-1].lower() if "." in original_name else ""
    matched = _match(data, FILE_SIGNATURES)
    if matched and matched[1] == "zip" and extension in OFFICE_EXTENSIONS:
        return OFFICE_EXTENSIONS[extension], extension
    if matched:
        return matched
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "text/plain; charset=utf-8", "txt"
    try:
        return _image(data)[1:]
    except UnsupportedFile:
        raise UnsupportedFile(
            N_("That file type is not accepted. Use PDF, an Office document, text or an image.")
        ) from None


def _uncommitted() -> list[Path] | None:
    """The files this request stored since its last commit (None outside a request)."""
    if not has_request_context():
        return None
    return g.setdefault("uncommitted_media", [])


def keep_uncommitted(_session=None) -> None:
    """After a commit: the rows now name the files the request stored, so they stay."""
    if has_request_context():
        g.pop("uncommitted_media", None)


def discard_uncommitted(_error=None) -> None:
    """When a request ends, delete the files it stored that no commit came to name: a refused
    or failed action leaves no stray file, however it failed."""
    for path in g.pop("uncommitted_media", []):
        path.unlink(missing_ok=True)


def write(data: bytes, extension: str, area: str = "evidence") -> str:
    """Store bytes under a new random name in an area of MEDIA_ROOT; returns the name.
    Inside a request the file is kept only if the request commits after writing it."""
    name = f"{secrets.token_urlsafe(18)}.{extension}"
    final = path_for(name, area)
    temporary = final.with_suffix(final.suffix + ".part")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, final)
    finally:
        temporary.unlink(missing_ok=True)
    _track(final)
    return name


def _track(path: Path) -> None:
    uncommitted = _uncommitted()
    if uncommitted is not None:
        uncommitted.append(path)


def write_video(data: bytes, extension: str, area: str = "evidence") -> str:
    """Store a video re-muxed without its metadata (a phone's name, comment and GPS position)."""
    name = f"{secrets.token_urlsafe(18)}.{extension}"
    final = path_for(name, area)
    source = final.with_suffix(final.suffix + ".upload")
    temporary = final.with_suffix(final.suffix + ".part")
    try:
        source.write_bytes(data)
        video_files.remux_without_metadata(source, temporary)
        os.replace(temporary, final)
    finally:
        source.unlink(missing_ok=True)
        temporary.unlink(missing_ok=True)
    _track(final)
    return name


def shown_name(filename: str | None) -> str:
    """A file name safe to show: no folders, control or direction-changing characters.

    A right-to-left override would show "invoice\u202eFDP.exe" as "invoiceexe.PDF".
    """
    name = Path((filename or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf"))
    return name.strip()[:255] or "file"


def save(upload: FileStorage, kind: EvidenceKind) -> StoredFile:
    """Check an uploaded file by its content and store it; raises TooLarge or UnsupportedFile."""
    limit = LIMITS[kind]
    data = _read_limited(upload, limit)
    original = shown_name(upload.filename)
    if kind == EvidenceKind.PHOTO:
        data, content_type, extension = _image(data)
    elif kind == EvidenceKind.VIDEO:
        matched = _match(data, VIDEO_SIGNATURES)
        if matched is None:
            raise UnsupportedFile(N_("That is not a video we can play. Use MP4 or WebM."))
        content_type, extension = matched
        name = write_video(data, extension)
        return StoredFile(name, original, content_type, path_for(name).stat().st_size)
    else:
        content_type, extension = _other_file(data, original)
        if content_type.startswith("image/"):
            data, content_type, extension = _image(data)
    return StoredFile(write(data, extension), original, content_type, len(data))


def delete(names: list[str], area: str = "evidence") -> None:
    for name in names:
        path_for(name, area).unlink(missing_ok=True)
