"""Static files under content-hashed names, cached for a year, and compressed answers.

`url_for("static", filename="css/app.css")` gives `/static/css/app.<hash>.css`;
the name changes whenever the content does, so a browser (or a CDN) may keep it
for a year without asking again. The plain name still answers, with a short
cache, for links written before a deploy. The service worker's precache list is
built with url_for, so it names the same files.

Compression: Flask-Compress answers with brotli, or gzip for clients without
it. Behind a reverse proxy that compresses, set COMPRESS_REGISTER=0.
"""

import hashlib
import os
from pathlib import Path

from flask import Flask, current_app, send_from_directory
from flask_compress import Compress

YEAR = 365 * 24 * 60 * 60
SHORT = 60 * 60

compress = Compress()

COMPRESS_SETTINGS = {
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_MIMETYPES": [
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "application/ld+json",
        "application/manifest+json",
        "image/svg+xml",
        "text/csv",
        "text/vtt",
    ],
    "COMPRESS_REGISTER": os.environ.get("COMPRESS_REGISTER", "1") == "1",
}


def hashed_name(name: str, content: bytes) -> str:
    digest = hashlib.sha256(content).hexdigest()[:12]
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}"


def _manifest(app: Flask) -> dict[str, str]:
    """Plain name → hashed name of every static file, computed once per process."""
    cached = app.extensions.get("polku_static_manifest")
    if cached is None:
        root = Path(app.static_folder)
        cached = {}
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            name = path.relative_to(root).as_posix()
            cached[name] = hashed_name(name, path.read_bytes())
        app.extensions["polku_static_manifest"] = cached
        app.extensions["polku_static_originals"] = {v: k for k, v in cached.items()}
    return cached


def _hash_static_urls(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "filename" in values:
        values["filename"] = _manifest(current_app).get(values["filename"], values["filename"])


def serve_static(filename: str):
    app = current_app
    _manifest(app)
    original = app.extensions["polku_static_originals"].get(filename)
    response = send_from_directory(app.static_folder, original or filename)
    # Read the (small) file now and close it, so it is compressed as a whole (brotli or
    # gzip) instead of as a stream, which Flask-Compress would leave open.
    response.direct_passthrough = False
    response.make_sequence()
    response.close()
    if original is not None:
        response.cache_control.public = True
        response.cache_control.max_age = YEAR
        response.cache_control.immutable = True
    else:
        response.cache_control.max_age = SHORT
    return response


def init_app(app: Flask) -> None:
    for key, value in COMPRESS_SETTINGS.items():
        app.config.setdefault(key, value)
    compress.init_app(app)
    app.url_defaults(_hash_static_urls)
    app.view_functions["static"] = serve_static
