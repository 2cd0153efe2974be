"""Security defaults: headers, cookies, CSRF, body size, login throttling and error pages."""

import pytest

from tests.conftest import log_in, page_token


def test_security_headers_on_every_page(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_scripts_or_styles(client, login_as):
    login_as("admin")
    for path in ("/", "/settings/", "/teach/cohorts", "/admin/invites"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>" not in html and "style=" not in html and "<style" not in html


def test_session_cookie_is_httponly_lax_and_secure_outside_debug(make_app, make_user):
    client = make_app(SESSION_COOKIE_SECURE=True).test_client()
    person = make_user("student")
    response = log_in(client, person.email)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_production_config_marks_cookies_secure(app):
    from pathlib import Path

    from webapp import config

    loaded = config.load(Path(app.instance_path))
    assert loaded["SESSION_COOKIE_SECURE"] and loaded["REMEMBER_COOKIE_SECURE"]


def test_missing_csrf_token_is_400_with_a_clear_message(client, make_user):
    person = make_user("student")
    response = client.post("/login", data={"email": person.email, "password": "x"})
    assert response.status_code == 400
    assert "Lomake oli vanhentunut" in response.get_data(as_text=True)


def test_htmx_requests_carry_the_token_in_a_header(client, login_as):
    login_as("teacher")
    token = page_token(client, "/teach/cohorts")
    headers = {"HX-Request": "true", "X-CSRFToken": token}
    assert client.post("/teach/cohorts", data={"name": "TVT25"}, headers=headers).status_code == 201
    refused = client.post("/teach/cohorts", data={"name": "TVT26"}, headers={"HX-Request": "true"})
    assert refused.status_code == 400
    # An htmx error goes to the message area, not into the form's target.
    assert refused.headers["HX-Retarget"] == "#flash"
    assert "<html" not in refused.get_data(as_text=True)


def test_oversized_body_is_413(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post("/login", data={"email": "x" * 5000, "password": "y"})
    assert response.status_code == 413
    assert "liian suuri" in response.get_data(as_text=True)


def test_ten_failed_logins_a_minute_from_one_address_are_throttled(client, make_user):
    person = make_user("student")
    statuses = [
        log_in(client, f"guess{i}@example.fi", "wrong-password").status_code for i in range(10)
    ]
    assert statuses == [401] * 10
    throttled = log_in(client, person.email)
    assert throttled.status_code == 429
    assert "Liian monta yritystä" in throttled.get_data(as_text=True)


def test_failed_logins_for_one_account_are_throttled_across_addresses(app, make_user):
    person = make_user("student")
    for i in range(10):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{i + 1}"
        assert log_in(client, person.email, "wrong-password").status_code == 401
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.0.1.1"
    assert log_in(client, person.email).status_code == 429


def test_successful_logins_do_not_count_toward_the_limit(app, make_user):
    person = make_user("student")
    for _ in range(12):
        client = app.test_client()
        assert log_in(client, person.email).status_code == 302


def test_404_is_a_page_or_a_fragment(client):
    page = client.get("/no/such/page")
    assert page.status_code == 404 and "<html" in page.get_data(as_text=True)
    assert "Sivua ei löytynyt" in page.get_data(as_text=True)
    fragment = client.get("/no/such/page", headers={"HX-Request": "true", "Accept-Language": "en"})
    assert fragment.status_code == 404 and "<html" not in fragment.get_data(as_text=True)
    assert "Page not found" in fragment.get_data(as_text=True)


def test_405_is_a_translated_page(client):
    response = client.get("/logout", headers={"Accept-Language": "sv"})
    assert response.status_code == 405 and "Inte tillåtet" in response.get_data(as_text=True)


@pytest.fixture
def failing_app(make_app):
    app = make_app(TESTING=False, PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("an unexpected failure")

    return app


def test_unexpected_errors_are_a_translated_500_page(failing_app):
    response = failing_app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Jokin meni vikaan" in response.get_data(as_text=True)
