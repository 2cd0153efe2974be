"""The installable app in Chromium: manifest, service worker, offline pages and the outbox."""

import json

from playwright.sync_api import expect

from quests.notification_models import PushSubscription
from tests import factories
from tests.browser.conftest import log_in


def _device_name(data, subscription_id):
    with data() as session:
        return session.get(PushSubscription, subscription_id).device


def test_installable_offline_and_text_written_offline_is_sent(
    page, context, live_server, make_user, data, audit, console_errors
):
    person = make_user("student", name="Aino Virtanen")
    with data() as session:
        device = PushSubscription(
            user_id=person.id,
            endpoint="https://push.example/send/aino-phone",
            p256dh="BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
            auth="tBHItJI5svbpez7KI4CCXg",
            device="Chrome · Android",
        )
        session.add(device)
        session.flush()
        device_id = device.id
        factories.cohort(session, students=[session.get(factories.User, person.id)])

    log_in(page, live_server, person.email, person.password)
    page.goto(live_server + "/settings/notifications")
    expect(page.get_by_role("heading", name="Ilmoitusasetukset")).to_be_visible()

    # The manifest: linked from the page, served as JSON the browser can parse.
    href = page.locator('link[rel="manifest"]').get_attribute("href")
    manifest = page.evaluate("href => fetch(href).then(r => r.json())", href)
    assert manifest["name"] == "Polku" and manifest["lang"] == "fi"
    assert manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}

    # The service worker takes over; after a reload it controls the page.
    assert page.evaluate("navigator.serviceWorker.ready.then(r => r.active.scriptURL)").endswith(
        "/sw.js"
    )
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    audit("notification settings")
    page.goto(live_server + "/notifications")
    expect(page.get_by_role("heading", name="Saapuneet")).to_be_visible()
    audit("inbox")

    context.set_offline(True)
    # A page visited before comes from the cache...
    page.goto(live_server + "/notifications")
    expect(page.get_by_role("heading", name="Saapuneet")).to_be_visible()
    # ...one never visited shows the offline page.
    page.goto(live_server + "/settings/")
    expect(page.get_by_role("heading", name="Olet offline-tilassa")).to_be_visible()
    audit("offline page")

    # Text typed offline is kept on the device and the person is told so.
    page.goto(live_server + "/settings/notifications")
    page.get_by_label("Laitteen nimi").fill("Ainon puhelin")
    page.get_by_role("button", name="Tallenna nimi").click()
    expect(page.get_by_text("Olet offline-tilassa. Kirjoittamasi säilyy")).to_be_visible()
    assert _device_name(data, device_id) == "Chrome · Android"
    audit("settings with text waiting offline")

    # Back online: it is sent.
    context.set_offline(False)
    expect(page.get_by_text("Offline-tilassa kirjoittamasi on lähetetty.")).to_be_visible()
    assert _device_name(data, device_id) == "Ainon puhelin"
    page.reload()
    expect(page.get_by_label("Laitteen nimi")).to_have_value("Ainon puhelin")


def test_a_server_error_shows_the_saved_copy_or_the_offline_page(
    app, page, live_server, make_user, audit, console_errors
):
    """A 5xx on a page is treated like no network: the copy from the last visit, marked."""
    from flask import abort, request

    failing = {"on": False}

    @app.before_request
    def fail_pages():
        if failing["on"] and request.method == "GET" and not request.path.startswith("/static/"):
            abort(503)

    person = make_user("student", name="Aino Virtanen")
    log_in(page, live_server, person.email, person.password)
    page.goto(live_server + "/notifications")
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    page.goto(live_server + "/notifications")
    expect(page.get_by_role("heading", name="Saapuneet")).to_be_visible()

    failing["on"] = True
    page.goto(live_server + "/notifications")
    expect(page.get_by_role("heading", name="Saapuneet")).to_be_visible()
    expect(page.get_by_text("Tämä on laitteeseen tallennettu kopio")).to_be_visible()
    audit("a saved copy shown for a server error")
    page.goto(live_server + "/settings/")
    expect(page.get_by_role("heading", name="Olet offline-tilassa")).to_be_visible()
    failing["on"] = False
    page.goto(live_server + "/notifications")
    expect(page.get_by_text("Tämä on laitteeseen tallennettu kopio")).to_have_count(0)


def test_signing_out_clears_the_cached_pages(page, live_server, make_user, console_errors):
    person = make_user("student")
    log_in(page, live_server, person.email, person.password)
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()
    page.goto(live_server + "/notifications")
    cached = (
        "caches.keys().then(ks => Promise.all(ks.filter(k => k.startsWith('polku-pages-'))"
        ".map(k => caches.open(k).then(c => c.keys())))).then(l => l.flat().map(r => r.url))"
    )
    assert any(url.endswith("/notifications") for url in page.evaluate(cached))
    page.get_by_role("button", name="Kirjaudu ulos").click()
    expect(page.get_by_text("Olet kirjautunut ulos.")).to_be_visible()
    urls = page.evaluate(cached)
    assert not any(url.endswith("/notifications") for url in urls), json.dumps(urls)


def test_a_new_version_is_offered_and_replaces_the_old_caches(
    page, app, live_server, make_user, audit, console_errors
):
    person = make_user("student")
    log_in(page, live_server, person.email, person.password)
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()
    cache_names = "caches.keys().then(names => names.filter(n => n.startsWith('polku-')).sort())"
    old = page.evaluate(cache_names)
    assert any(name.startswith("polku-static-") for name in old)

    # A deploy: the static files' hash changes, so /sw.js changes.
    app.extensions["polku_static_version"] = "0123456789ab"
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    expect(page.get_by_text("Polusta on uusi versio.")).to_be_visible()
    audit("page offering a new version")
    page.get_by_role("button", name="Lataa uudelleen").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Polusta on uusi versio.")).to_be_hidden()
    page.wait_for_function(
        "caches.keys().then(n => n.includes('polku-static-0123456789ab'))", polling=100
    )
    new = page.evaluate(cache_names)
    assert "polku-static-0123456789ab" in new
    assert not set(old) & set(new)
