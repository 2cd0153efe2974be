"""The manifest, the service worker and the offline page, as the server sends them."""

import re

from flask import url_for

from webapp.pwa import routes as pwa


def test_the_manifest_is_installable_and_in_the_asked_language(client, app):
    response = client.get("/manifest.webmanifest?lang=sv")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = response.get_json(force=True)
    assert manifest["lang"] == "sv"
    assert manifest["description"] == "Uppdrag, märken och din studieplan."
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/" and manifest["scope"] == "/"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert sizes == {(s, p) for s in ("192x192", "512x512") for p in ("any", "maskable")}
    for icon in manifest["icons"]:
        with client.get(icon["src"]) as image:
            assert image.status_code == 200 and image.mimetype == "image/png"
    # Shortcuts only to areas that exist in this app.
    urls = [shortcut["url"] for shortcut in manifest["shortcuts"]]
    assert "/notifications" in urls
    with app.test_request_context():
        assert all(pwa._route_exists(url) for url in urls)
        assert not pwa._route_exists("/no/such/area")


def test_the_manifest_follows_the_page_language_by_default(client):
    english = {"Accept-Language": "en"}
    manifest = client.get("/manifest.webmanifest", headers=english).get_json(force=True)
    assert manifest["lang"] == "en"
    unknown = client.get("/manifest.webmanifest?lang=xx", headers=english)
    assert unknown.get_json(force=True)["lang"] == "en"


def test_pages_link_the_manifest_in_their_language(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest?lang=fi">' in page
    assert 'rel="apple-touch-icon"' in page


def test_the_service_worker_is_served_from_the_root_uncached_and_versioned(client, app):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert "no-cache" in response.headers["Cache-Control"]
    body = response.get_data(as_text=True)
    version = re.search(r'var VERSION = "([0-9a-f]{12})";', body).group(1)
    assert version == pwa.static_version(app)
    with app.test_request_context():
        # Static files are precached under their content-hashed names.
        static = [
            url_for("static", filename=name)
            for name in ("css/app.css", "vendor/htmx-2.0.11.min.js")
        ]
    assert all(re.search(r"\.[0-9a-f]{12}\.(css|js)$", url) for url in static), static
    for url in ["/offline", *static]:
        assert f'"{url}"' in body
        with client.get(url) as precached:
            assert precached.status_code == 200


def test_the_version_changes_when_a_static_file_changes(make_app, tmp_path):
    static = tmp_path / "static"
    static.mkdir()
    (static / "app.css").write_text("body { color: black; }")
    app = make_app()
    app.static_folder = str(static)
    first = pwa.static_version(app)
    app.extensions.pop("polku_static_version")
    (static / "app.css").write_text("body { color: navy; }")
    assert pwa.static_version(app) != first


def test_the_offline_page_stands_alone(client, login_as):
    login_as("student")
    page = client.get("/offline").get_data(as_text=True)
    assert "<h1>Olet offline-tilassa</h1>" in page
    # Cached for everyone on the device: nothing of the signed-in person in it.
    assert "csrf" not in page and "Kirjaudu ulos" not in page


def test_a_post_written_offline_by_someone_else_is_refused(app, make_user):
    from tests.conftest import log_in, page_token

    writer, reader = make_user("student"), make_user("student")
    client = app.test_client()
    log_in(client, reader.email)
    token = page_token(client, "/settings/")
    body = {"csrf_token": token, "name": "Vieras", "locale": "fi", "outbox_person": str(writer.id)}
    refused = client.post("/settings/profile", data=body)
    assert refused.status_code == 409
    assert "joku toinen" in refused.get_data(as_text=True)
    body["outbox_person"] = str(reader.id)
    assert client.post("/settings/profile", data=body).status_code == 303
