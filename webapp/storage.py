"""Evidence files: checked by content, stored under MEDIA_ROOT with random names.

Images are re-encoded with Pillow: turned upright, shrunk to at most 1600 px
and saved without EXIF, so a phone photo does not carry its location.
A file is written to a temporary name first and renamed when complete, so a
failed upload leaves nothing behind.
"""

import os
import secrets
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from flask import current_app, request
from PIL import Image, ImageOps, UnidentifiedImageError
from werkzeug.datastructures import FileStorage

from quests.errors import N_, TooLarge, UnsupportedFile
from quests.quest_models import EvidenceKind

MB = 1024 * 1024
LIMITS = {EvidenceKind.PHOTO: 15 * MB, EvidenceKind.VIDEO: 60 * MB, EvidenceKind.FILE: 15 * MB}
# A whole submission may carry a few files; the request limit is set per view from this.
REQUEST_LIMIT = 100 * MB
MAX_IMAGE_SIDE = 1600
Image.MAX_IMAGE_PIXELS = 40_000_000  # refuse decompression bombs
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


def _image(data: bytes) -> tuple[bytes, str, str]:
    try:
        with Image.open(BytesIO(data)) as probe:
            probe.verify()
        with Image.open(BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
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


def write(data: bytes, extension: str, area: str = "evidence") -> str:
    """Store bytes under a new random name in an area of MEDIA_ROOT; returns the name."""
    name = f"{secrets.token_urlsafe(18)}.{extension}"
    final = path_for(name, area)
    temporary = final.with_suffix(final.suffix + ".part")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, final)
    except BaseException:
        # Disk full, or anything else: no half-written file stays behind.
        temporary.unlink(missing_ok=True)
        raise
    return name


def save(upload: FileStorage, kind: EvidenceKind) -> StoredFile:
    """Check an uploaded file by its content and store it; raises TooLarge or UnsupportedFile."""
    limit = LIMITS[kind]
    data = _read_limited(upload, limit)
    original = Path(upload.filename or "").name[:255] or "file"
    if kind == EvidenceKind.PHOTO:
        data, content_type, extension = _image(data)
    elif kind == EvidenceKind.VIDEO:
        matched = _match(data, VIDEO_SIGNATURES)
        if matched is None:
            raise UnsupportedFile(N_("That is not a video we can play. Use MP4 or WebM."))
        content_type, extension = matched
        if content_type == "video/mp4" and data[8:10] == b"qt":
            content_type, extension = "video/quicktime", "mov"
    else:
        content_type, extension = _other_file(data, original)
        if content_type.startswith("image/"):
            data, content_type, extension = _image(data)
    return StoredFile(write(data, extension), original, content_type, len(data))


def delete(names: list[str], area: str = "evidence") -> None:
    for name in names:
        path_for(name, area).unlink(missing_ok=True)
