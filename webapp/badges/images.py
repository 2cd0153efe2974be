"""Badge images: an uploaded PNG or SVG checked by content, or one drawn from the name and a colour;
and baking, which puts the assertion's address inside the image (Open Badges 2.0 baking).
"""

import io
import re
import xml.etree.ElementTree as ET

from defusedxml import ElementTree as SafeET
from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError
from PIL.PngImagePlugin import PngInfo

from quests.errors import N_, TooLarge, UnsupportedFile
from webapp import storage

AREA = "badges"
MAX_BYTES = 2 * 1024 * 1024
SIZE = 400
PNG, SVG = "image/png", "image/svg+xml"
SVG_NS, XLINK_NS, XML_NS = (
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/1999/xlink",
    "http://www.w3.org/XML/1998/namespace",
)
# What a drawing needs, and nothing else: an element or attribute not named here (a script,
# an XHTML meta refresh or form, an event handler, a foreign namespace) refuses the image.
ALLOWED_ELEMENTS = {
    "svg",
    "g",
    "defs",
    "title",
    "desc",
    "symbol",
    "use",
    "image",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textpath",
    "lineargradient",
    "radialgradient",
    "stop",
    "pattern",
    "clippath",
    "mask",
    "marker",
    "filter",
    "feblend",
    "fecolormatrix",
    "fecomposite",
    "fedropshadow",
    "feflood",
    "fegaussianblur",
    "femerge",
    "femergenode",
    "feoffset",
}
ALLOWED_ATTRIBUTES = {
    "id", "class", "version", "viewbox", "preserveaspectratio", "x", "y", "x1", "y1", "x2",
    "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "width", "height", "d", "points",
    "transform", "pathlength", "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width",
    "stroke-linecap", "stroke-linejoin", "stroke-dasharray", "stroke-dashoffset",
    "stroke-miterlimit", "stroke-opacity", "opacity", "color", "display", "visibility",
    "style", "font-family", "font-size", "font-weight", "font-style", "text-anchor",
    "dominant-baseline", "alignment-baseline", "letter-spacing", "word-spacing",
    "text-decoration", "textlength", "lengthadjust", "startoffset", "dx", "dy", "rotate",
    "offset", "stop-color", "stop-opacity", "gradientunits", "gradienttransform",
    "spreadmethod", "patternunits", "patterncontentunits", "patterntransform", "clip-path",
    "clip-rule", "clippathunits", "mask", "maskunits", "maskcontentunits", "marker-start",
    "marker-mid", "marker-end", "markerwidth", "markerheight", "markerunits", "refx", "refy",
    "orient", "filter", "filterunits", "primitiveunits", "flood-color", "flood-opacity",
    "stddeviation", "in", "in2", "result", "mode", "operator", "values", "type", "k1", "k2",
    "k3", "k4", "paint-order", "vector-effect", "shape-rendering", "text-rendering",
    "image-rendering", "href", "space", "lang",
}  # fmt: skip
# url(#id) points inside the image; any other url() would fetch from elsewhere.
OUTSIDE_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)
SVG_START = re.compile(rb"<svg\b[^>]*>", re.IGNORECASE)
BAD_IMAGE = N_("Use a PNG or SVG image of at most 2 MB.")
NOT_A_DRAWING = N_(
    "The SVG image contains something other than a drawing (a script, a link or a form). "
    "Save it as a plain SVG."
)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _names(qualified: str) -> tuple[str, str]:
    """(namespace, local name in lower case) of an ElementTree tag or attribute name."""
    if qualified.startswith("{"):
        namespace, local = qualified[1:].split("}", 1)
        return namespace, local.lower()
    return "", qualified.lower()


def _attribute_allowed(name: str, value: str) -> bool:
    namespace, local = _names(name)
    if local not in ALLOWED_ATTRIBUTES or local.startswith("on"):
        return False
    if local == "href":
        return namespace in ("", XLINK_NS) and value.strip().startswith(("#", "data:image/"))
    if local in ("space", "lang"):
        return namespace in ("", XML_NS)
    if namespace:
        return False
    return not OUTSIDE_URL.search(value)


def _check_svg(data: bytes) -> None:
    try:
        root = SafeET.fromstring(data)
    except (ET.ParseError, ValueError) as error:
        raise UnsupportedFile(BAD_IMAGE) from error
    if _names(root.tag) not in ((SVG_NS, "svg"), ("", "svg")):
        raise UnsupportedFile(BAD_IMAGE)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions do nothing
        namespace, local = _names(element.tag)
        if namespace not in (SVG_NS, "") or local not in ALLOWED_ELEMENTS:
            raise UnsupportedFile(NOT_A_DRAWING)
        if not all(_attribute_allowed(name, value) for name, value in element.attrib.items()):
            raise UnsupportedFile(NOT_A_DRAWING)


def _check_png(data: bytes) -> bytes:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            storage.check_pixels(probe)
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "PNG":
                raise UnsupportedFile(BAD_IMAGE)
            image.thumbnail((SIZE * 2, SIZE * 2))
            out = io.BytesIO()
            image.save(out, "PNG", optimize=True)  # re-encoded: no foreign chunks survive
            return out.getvalue()
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise UnsupportedFile(BAD_IMAGE) from error


def save_upload(upload) -> tuple[str, str]:
    """Check an uploaded badge image and store it; returns (stored name, content type)."""
    data = upload.stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise TooLarge(BAD_IMAGE)
    if not data:
        raise UnsupportedFile(N_("The file is empty."))
    if data.lstrip().startswith((b"<?xml", b"<svg", b"<!--")):
        _check_svg(data)
        return storage.write(data, "svg", AREA), SVG
    return storage.write(_check_png(data), "png", AREA), PNG


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", name) if w]
    return "".join(w[0] for w in words[:2]).upper() or "?"


def generate(name: str, colour: str) -> tuple[str, str]:
    """Draw a round badge with the name's initials in the colour (#rrggbb); store it as PNG."""
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour or ""):
        raise UnsupportedFile(N_("Choose a colour."))
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, SIZE - 8, SIZE - 8), fill=colour, outline="#ffffff", width=14)
    draw.ellipse((40, 40, SIZE - 40, SIZE - 40), outline="#ffffff", width=4)
    font = ImageFont.load_default(size=150)
    draw.text((SIZE / 2, SIZE / 2), _initials(name), fill="#ffffff", font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return storage.write(out.getvalue(), "png", AREA), PNG


def read(stored_name: str) -> bytes:
    return storage.path_for(stored_name, AREA).read_bytes()


def bake_png(data: bytes, assertion_url: str) -> bytes:
    """The image with the assertion's URL in an iTXt chunk keyed `openbadges`."""
    with Image.open(io.BytesIO(data)) as image:
        info = PngInfo()
        info.add_itxt("openbadges", assertion_url)
        out = io.BytesIO()
        image.save(out, "PNG", pnginfo=info)
        return out.getvalue()


def bake_svg(data: bytes, assertion_url: str) -> bytes:
    """The SVG with an <openbadges:assertion verify="URL"/> as the first child of its root."""
    match = SVG_START.search(data)
    if match is None:
        raise UnsupportedFile(BAD_IMAGE)
    start = match.group(0)
    if b"xmlns:openbadges" not in start:
        start = start[:-1].rstrip(b"/") + b' xmlns:openbadges="http://openbadges.org">'
    verify = assertion_url.replace("&", "&amp;").replace('"', "&quot;").encode()
    element = b'<openbadges:assertion verify="' + verify + b'"></openbadges:assertion>'
    return data[: match.start()] + start + element + data[match.end() :]
