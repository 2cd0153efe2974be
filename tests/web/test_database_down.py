"""Database down: the error pages never touch it, and /healthz names the part that is down."""

from flask import abort

from tests.conftest import log_in

# Nothing listens on port 9 of 127.0.0.1: every connection is refused at once.
NO_DATABASE = "postgresql+psycopg://polku@127.0.0.1:9/polku?connect_timeout=2"


def _signed_in_cookie(app, make_user, locale):
    person = make_user("student", locale=locale)
    client = app.test_client()
    log_in(client, person.email)
    return client.get_cookie("session").value


def test_a_signed_in_person_gets_a_503_page_in_their_language(app, make_app, make_user):
    cookie = _signed_in_cookie(app, make_user, "sv")
    down = make_app(SQLALCHEMY_DATABASE_URI=NO_DATABASE)
    client = down.test_client()
    client.set_cookie("session", cookie)
    client.set_cookie("polku_lang", "sv")
    response = client.get("/")
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert '<html lang="sv">' in page
    assert "Polku når inte sina uppgifter just nu" in page
    assert response.headers["Retry-After"] == "30"


def test_htmx_gets_the_message_as_a_fragment(app, make_app, make_user):
    cookie = _signed_in_cookie(app, make_user, "fi")
    client = make_app(SQLALCHEMY_DATABASE_URI=NO_DATABASE).test_client()
    client.set_cookie("session", cookie)
    response = client.get("/quests", headers={"HX-Request": "true"})
    assert response.status_code == 503
    assert response.headers["HX-Retarget"] == "#flash"
    assert "Polku ei juuri nyt tavoita tietojaan" in response.get_data(as_text=True)


def test_an_unexpected_error_page_does_not_ask_the_database(make_app, make_user, app):
    cookie = _signed_in_cookie(app, make_user, "fi")
    down = make_app(SQLALCHEMY_DATABASE_URI=NO_DATABASE, PROPAGATE_EXCEPTIONS=False)

    @down.get("/boom")
    def boom():
        raise AssertionError("never reached")

    # Fails before anything of the request (the session check reads the person) runs.
    @down.url_value_preprocessor
    def fail_first(endpoint, values):
        if endpoint == "boom":
            abort(500)

    client = down.test_client()
    client.set_cookie("session", cookie)
    response = client.get("/boom")
    assert response.status_code == 500
    assert "Jokin meni vikaan" in response.get_data(as_text=True)


def test_health_names_the_database(make_app):
    response = make_app(SQLALCHEMY_DATABASE_URI=NO_DATABASE).test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "unavailable"}


def test_health_names_redis_when_it_is_down(make_app):
    response = make_app(REDIS_URL="redis://127.0.0.1:9/0").test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "error",
        "database": "ok",
        "redis": "unavailable",
        "worker": "unknown",
    }
