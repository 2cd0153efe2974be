"""Baking an Open Badges 3.0 credential into the badge image, and taking it out again.

OB 3.0 §5.3: a PNG carries the VC-JWT in an iTXt chunk keyed `openbadgecredential`;
an SVG carries it in the `verify` attribute of an <openbadges:credential> element.
A credential as JSON (with an embedded proof) would go in the element's text instead.
"""

import io
import re
import xml.etree.ElementTree as ET

from defusedxml import ElementTree as SafeET
from PIL import Image, UnidentifiedImageError
from PIL.PngImagePlugin import PngInfo

PNG_KEYWORD = "openbadgecredential"
SVG_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
SVG_START = re.compile(rb"<svg\b[^>]*>", re.IGNORECASE)


class NotBaked(ValueError):
    """The image is not a PNG or SVG, or carries no credential."""


def bake_png(image: bytes, credential: str) -> bytes:
    with Image.open(io.BytesIO(image)) as picture:
        info = PngInfo()
        info.add_itxt(PNG_KEYWORD, credential)
        out = io.BytesIO()
        picture.save(out, "PNG", pnginfo=info)
        return out.getvalue()


def bake_svg(image: bytes, credential: str) -> bytes:
    """The SVG with <openbadges:credential verify="JWT"/> as the first child of its root."""
    match = SVG_START.search(image)
    if match is None:
        raise NotBaked("not an SVG image")
    start = match.group(0)
    declaration = b'xmlns:openbadges="' + SVG_NAMESPACE.encode() + b'"'
    if b"xmlns:openbadges=" in start:
        # An OB 2.0 baked image binds the prefix to the 2.0 namespace; use the 3.0 one.
        start = re.sub(rb'xmlns:openbadges="[^"]*"', declaration, start)
    else:
        start = start[:-1].rstrip(b"/") + b" " + declaration + b">"
    value = credential.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    element = b'<openbadges:credential verify="' + value.encode() + b'"></openbadges:credential>'
    return image[: match.start()] + start + element + image[match.end() :]


def extract(image: bytes) -> str:
    """The credential baked into a PNG or SVG image."""
    if image.startswith(b"\x89PNG"):
        return _extract_png(image)
    return _extract_svg(image)


def _extract_png(image: bytes) -> str:
    try:
        with Image.open(io.BytesIO(image)) as picture:
            picture.load()
            text = picture.text.get(PNG_KEYWORD)
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        OSError,
        SyntaxError,
        ValueError,
    ) as error:
        raise NotBaked("not a PNG image") from error
    if not text:
        raise NotBaked("no credential in the PNG")
    return str(text).strip()


def _extract_svg(image: bytes) -> str:
    try:
        root = SafeET.fromstring(image)
    except (ET.ParseError, ValueError) as error:
        raise NotBaked("not an SVG image") from error
    for element in root.iter(f"{{{SVG_NAMESPACE}}}credential"):
        value = element.get("verify") or (element.text or "")
        if value.strip():
            return value.strip()
    raise NotBaked("no credential in the SVG")
