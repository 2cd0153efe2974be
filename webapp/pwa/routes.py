"""The installable app: the web app manifest, the service worker and the offline page."""

import hashlib
import json
from pathlib import Path

from flask import Blueprint, Flask, current_app, render_template, request, url_for
from flask_babel import force_locale, get_locale, gettext
from flask_login import current_user
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from webapp.errors import render_error
from webapp.htmx import HTMX_VERSION

bp = Blueprint("pwa", __name__)
# The field an offline-queued post carries: who wrote it (see static/js/outbox.js).
OUTBOX_OWNER_FIELD = "outbox_person"


@bp.before_app_request
def refuse_someone_elses_offline_post():
    """A post written offline is saved only for the person who wrote it.

    On a shared phone the next person may be signed in when it is finally sent.
    """
    # The outbox sends url-encoded bodies; uploads are left unread here, for their views
    # to read under their own size limits.
    if request.method != "POST" or request.mimetype != "application/x-www-form-urlencoded":
        return None
    if OUTBOX_OWNER_FIELD not in request.form:
        return None
    writer = request.form[OUTBOX_OWNER_FIELD]
    if current_user.is_authenticated and writer == str(current_user.id):
        return None
    return render_error(
        409, gettext("This was written on this device by someone else, so it was not saved.")
    )


THEME_COLOR = "#0b5c4b"
BACKGROUND_COLOR = "#f4f6f5"
# Files the service worker keeps from its install on: the app shell works offline.
PRECACHED_STATIC = [
    "css/app.css",
    "js/app.js",
    "js/pwa.js",
    "js/outbox.js",
    "img/polku.svg",
    "img/icons/polku-192.png",
    "img/icons/polku-512.png",
]
# Shortcuts (long-press on the app icon) to areas; each appears once its route exists.
SHORTCUTS = [
    ("/quests", lambda: gettext("Quests")),
    ("/review", lambda: gettext("Review queue")),
    ("/competitions/", lambda: gettext("Competitions")),
    ("/notifications", lambda: gettext("Inbox")),
]


def static_version(app: Flask) -> str:
    """A hash of every static file and of the worker itself: a deploy that changes any
    of them changes the worker's bytes, so browsers install it and drop the old caches."""
    cached = app.extensions.get("polku_static_version")
    if cached:
        return cached
    digest = hashlib.sha256()
    roots = [Path(app.static_folder), Path(app.template_folder) / "pwa"]
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    version = digest.hexdigest()[:12]
    app.extensions["polku_static_version"] = version
    return version


def _route_exists(path: str) -> bool:
    adapter = current_app.url_map.bind("localhost")
    try:
        adapter.match(path, method="GET")
    except RequestRedirect:
        return True
    except HTTPException:
        return False
    return True


def _language() -> str:
    asked = request.args.get("lang")
    return asked if asked in current_app.config["LANGUAGES"] else str(get_locale())


@bp.get("/manifest.webmanifest")
def manifest():
    lang = _language()
    icons = [
        {
            "src": url_for("static", filename=f"img/icons/polku-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "any",
        }
        for size in (192, 512)
    ] + [
        {
            "src": url_for("static", filename=f"img/icons/polku-maskable-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "maskable",
        }
        for size in (192, 512)
    ]
    with force_locale(lang):
        body = {
            "id": "/",
            "name": "Polku",
            "short_name": "Polku",
            "description": gettext("Quests, badges and your learning plan at the hub."),
            "lang": lang,
            "dir": "ltr",
            "start_url": url_for("home.index"),
            "scope": "/",
            "display": "standalone",
            "theme_color": THEME_COLOR,
            "background_color": BACKGROUND_COLOR,
            "icons": icons,
            "shortcuts": [
                {"name": name(), "url": path, "icons": [icons[0]]}
                for path, name in SHORTCUTS
                if _route_exists(path)
            ],
        }
    response = current_app.response_class(
        json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json"
    )
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


@bp.get("/sw.js")
def service_worker():
    version = static_version(current_app)
    precache = [url_for("pwa.offline")] + [
        url_for("static", filename=name) for name in PRECACHED_STATIC
    ]
    precache.append(url_for("static", filename=f"vendor/htmx-{HTMX_VERSION}.min.js"))
    body = render_template(
        "pwa/sw.js",
        version=version,
        precache=precache,
        offline_url=url_for("pwa.offline"),
        outbox_url=url_for("static", filename="js/outbox.js"),
        icon_url=url_for("static", filename="img/icons/polku-192.png"),
        inbox_url=url_for("notifications.index"),
    )
    response = current_app.response_class(body, mimetype="text/javascript")
    # Browsers check for a new worker on each visit; no cache in between.
    response.cache_control.no_cache = True
    return response


@bp.get("/offline")
def offline():
    return render_template("pwa/offline.html")
