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


def _from(app, address, forwarded=None):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    if forwarded:
        client.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded
    return client


def test_ten_failed_logins_a_minute_for_one_account_from_one_address_are_throttled(app, make_user):
    person = make_user("student")
    client = _from(app, "203.0.113.7")
    statuses = [log_in(client, person.email, "wrong-password").status_code for _ in range(10)]
    assert statuses == [401] * 10
    throttled = log_in(client, person.email)
    assert throttled.status_code == 429
    assert "Liian monta yritystä" in throttled.get_data(as_text=True)


def test_an_attacker_elsewhere_cannot_lock_the_owner_out(app, make_user):
    """Finding 9: the limit was keyed on the account alone (or the address alone)."""
    person = make_user("student")
    attacker = _from(app, "198.51.100.66")
    for _ in range(12):
        log_in(attacker, person.email, "wrong-password")
    assert log_in(attacker, person.email).status_code == 429
    assert log_in(_from(app, "203.0.113.7"), person.email).status_code == 302


def test_a_school_behind_one_address_is_not_locked_out_by_mistyped_passwords(app, make_user):
    school = "192.0.2.10"
    people = [make_user("student") for _ in range(4)]
    for person in people[:3]:
        for _ in range(5):
            assert log_in(_from(app, school), person.email, "väärä-salasana").status_code == 401
    assert log_in(_from(app, school), people[3].email).status_code == 302


def test_behind_the_trusted_proxy_each_client_is_throttled_apart(make_app, make_user):
    app = make_app(TRUSTED_PROXIES=1)
    person = make_user("student")
    proxy = "10.0.0.2"
    guesser = _from(app, proxy, forwarded="198.51.100.66")
    for _ in range(10):
        log_in(guesser, person.email, "wrong-password")
    assert log_in(guesser, person.email).status_code == 429
    owner = _from(app, proxy, forwarded="203.0.113.7")
    assert log_in(owner, person.email).status_code == 302


def test_without_a_trusted_proxy_a_forged_forwarded_for_changes_nothing(app, make_user):
    person = make_user("student")
    for n in range(10):
        client = _from(app, "198.51.100.66", forwarded=f"203.0.113.{n}")
        log_in(client, person.email, "wrong-password")
    forged = _from(app, "198.51.100.66", forwarded="203.0.113.200")
    assert log_in(forged, person.email).status_code == 429


def test_guessing_one_account_from_many_addresses_meets_a_looser_ceiling(app, make_user):
    person = make_user("student")
    for n in range(100):
        log_in(_from(app, f"198.51.{n // 250}.{n % 250 + 1}"), person.email, "wrong-password")
    assert log_in(_from(app, "203.0.113.7"), person.email).status_code == 429


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


# --- Low findings of the outside probe (issue 12) -------------------------------------


def test_make_run_reloads_without_the_interactive_debugger():
    """Finding 14: the debugger's console runs any Python typed into an error page."""
    import subprocess  # noqa: S404 - make, dry run
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    planned = subprocess.run(  # noqa: S603
        ["/usr/bin/make", "-n", "-B", "run"], capture_output=True, text=True, cwd=root, check=True
    ).stdout
    serve = [line for line in planned.splitlines() if " run --debug" in line]
    assert serve and all("--no-debugger" in line for line in serve)


def test_production_config_sends_hsts(app):
    """Finding 16: no Strict-Transport-Security in production."""
    from pathlib import Path

    from webapp import config

    assert config.load(Path(app.instance_path))["HSTS_SECONDS"] >= 31536000
    response = app.test_client().get("/login")
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]


def test_debug_config_sends_no_hsts(app, monkeypatch):
    from pathlib import Path

    from webapp import config

    monkeypatch.setenv("FLASK_DEBUG", "1")
    assert config.load(Path(app.instance_path))["HSTS_SECONDS"] == 0


def test_join_codes_cannot_be_guessed_by_trying_them_all(client, login_as):
    """Finding 16: joining a class by code had no rate limit."""
    login_as("student")
    token = page_token(client, "/settings/")
    statuses = [
        client.post(
            "/settings/cohorts", data={"csrf_token": token, "join_code": f"WRONG{n:03d}"}
        ).status_code
        for n in range(11)
    ]
    assert statuses == [422] * 10 + [429]


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("lasku\u202efdp.exe", "laskufdp.exe"),
        ("\u2067raportti\u2069.pdf", "raportti.pdf"),
        ("C:\\Users\\aino\\todistus.pdf", "todistus.pdf"),
        ("ok\u200b\u0000.txt", "ok.txt"),
        ("\u202e", "file"),
    ],
)
def test_file_names_lose_direction_and_control_characters(sent, shown):
    """Finding 16: a right-to-left override made "lasku<RLO>fdp.exe" read as "laskuexe.pdf"."""
    from webapp.storage import shown_name

    assert shown_name(sent) == shown
