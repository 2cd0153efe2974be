"""Signing out ends the session for every copy of its cookie; sessions expire (finding 7)."""

import pytest

from tests.conftest import log_in, page_token
from webapp import sessions

HOUR = 3600


def _cookie(client, name="session"):
    cookie = client.get_cookie(name)
    return cookie.value if cookie else None


def _signed_in(client) -> bool:
    return client.get("/settings/").status_code == 200


def test_an_old_session_cookie_is_dead_after_logout(app, make_user):
    person = make_user("student")
    browser = app.test_client()
    log_in(browser, person.email)
    copied = _cookie(browser)
    assert browser.post("/logout", data={"csrf_token": page_token(browser, "/")}).status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert not _signed_in(thief)


def test_an_old_remembered_cookie_is_dead_after_logout(app, make_user):
    person = make_user("student")
    browser = app.test_client()
    log_in(browser, person.email, remember=True)
    copied = {name: _cookie(browser, name) for name in ("session", "remember_token")}
    browser.post("/logout", data={"csrf_token": page_token(browser, "/")})
    thief = app.test_client()
    for name, value in copied.items():
        if value:
            thief.set_cookie(name, value)
    assert not _signed_in(thief)


def test_sign_out_everywhere_ends_every_device(app, make_user):
    person = make_user("teacher")
    phone, laptop = app.test_client(), app.test_client()
    log_in(phone, person.email, remember=True)
    log_in(laptop, person.email)
    response = laptop.post(
        "/settings/sessions/end", data={"csrf_token": page_token(laptop, "/settings/")}
    )
    assert response.status_code == 303
    assert not _signed_in(laptop) and not _signed_in(phone)
    # Signing in again works.
    log_in(phone, person.email)
    assert _signed_in(phone)


@pytest.fixture
def clock(monkeypatch):
    now = [1_800_000_000]
    monkeypatch.setattr(sessions.time, "time", lambda: now[0])
    return now


def test_a_session_ends_after_twelve_idle_hours(app, make_user, clock):
    person = make_user("student")
    browser = app.test_client()
    log_in(browser, person.email)
    clock[0] += 11 * HOUR
    assert _signed_in(browser)  # activity renews the idle time...
    clock[0] += 11 * HOUR
    assert _signed_in(browser)
    clock[0] += 13 * HOUR
    assert not _signed_in(browser)  # ...until twelve hours pass without any


def test_a_busy_session_still_ends_a_day_after_signing_in(app, make_user, clock):
    person = make_user("student")
    browser = app.test_client()
    log_in(browser, person.email)
    for _ in range(3):
        clock[0] += 7 * HOUR
        assert _signed_in(browser)
    clock[0] += 7 * HOUR
    assert not _signed_in(browser)


def test_a_remembered_session_lasts_thirty_days_and_no_longer(app, make_user, clock):
    person = make_user("student")
    browser = app.test_client()
    log_in(browser, person.email, remember=True)
    clock[0] += 20 * 24 * HOUR
    assert _signed_in(browser)
    clock[0] += 11 * 24 * HOUR
    assert not _signed_in(browser)
