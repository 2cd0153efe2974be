"""Signing in and out, signing up, password resets and invites over HTTP."""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from quests.models import Invite, User
from tests import factories
from tests.conftest import csrf_from, log_in, page_token
from tests.web import outbox


def _path(url: str) -> str:
    return urlsplit(url).path


def test_login_page_has_the_expected_fields(client):
    html = client.get("/login").get_data(as_text=True)
    for name in ('name="email"', 'name="password"', 'name="csrf_token"', '<meta name="csrf-token"'):
        assert name in html


def test_login_and_logout(client, make_user):
    person = make_user("student")
    response = log_in(client, person.email)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    assert "Kirjaudu ulos" in client.get("/").get_data(as_text=True)

    response = client.post("/logout", data={"csrf_token": page_token(client, "/")})
    assert response.status_code == 302
    assert client.get("/settings/").status_code == 302


def test_wrong_password_and_unknown_email_get_the_same_answer(client, make_user):
    person = make_user("student")
    wrong = log_in(client, person.email, "wrong-password")
    unknown = log_in(client, "nobody@example.fi", "wrong-password")
    assert wrong.status_code == unknown.status_code == 401
    message = "Sähköposti tai salasana ei ole oikein."
    assert message in wrong.get_data(as_text=True)
    assert message in unknown.get_data(as_text=True)


def test_login_with_an_invalid_email_is_a_form_error(client):
    response = log_in(client, "not-an-email")
    assert response.status_code == 422
    assert "Anna toimiva sähköpostiosoite" in response.get_data(as_text=True)


def test_remember_me_sets_a_lasting_cookie(client, make_user):
    person = make_user("student")
    response = log_in(client, person.email, remember=True)
    cookies = response.headers.getlist("Set-Cookie")
    # One signed session cookie that carries the sign-in time (see webapp.sessions).
    remember = [c for c in cookies if c.startswith("session=")]
    assert remember and "HttpOnly" in remember[0] and "Expires=" in remember[0]


def test_login_redirects_only_to_local_paths(client, make_user):
    person = make_user("teacher")
    token = page_token(client)
    data = {"csrf_token": token, "email": person.email, "password": factories.PASSWORD}
    response = client.post("/login?next=//evil.example/x", data=data)
    assert response.headers["Location"] == "/"
    client.post("/logout", data={"csrf_token": page_token(client, "/")})
    data["csrf_token"] = page_token(client)
    response = client.post("/login?next=/teach/cohorts", data=data)
    assert response.headers["Location"] == "/teach/cohorts"


def _signup(client, **fields):
    data = {
        "csrf_token": page_token(client, "/signup"),
        "join_code": "",
        "name": "Aino Virtanen",
        "email": "aino@example.fi",
        "password": "salasana-123",
    }
    data.update(fields)
    return client.post("/signup", data=data)


def finish_signup(app, client, email="aino@example.fi"):
    """Open the link the sign-up sent and press its button, as the address's owner does."""
    path = outbox.last_link(app, email).split("localhost", 1)[-1]
    assert path.startswith("/signup/finish/")
    return client.post(path, data={"csrf_token": page_token(client, path)})


def test_sign_up_with_a_join_code(app, client, data):
    with data() as session:
        teacher = factories.user(session, "teacher")
        code = factories.cohort(session, teacher=teacher, name="TVT25").join_code
    response = _signup(client, join_code=code.lower())
    assert response.status_code == 200
    assert "Tarkista sähköpostisi" in response.get_data(as_text=True)
    assert _count_users(data) == 1  # the teacher: nothing is stored until the link is opened
    assert finish_signup(app, client).status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "Tervetuloa Polkuun, Aino Virtanen!" in home
    assert "TVT25" in home


def last_link_body(app, email) -> str:
    return [m for m in outbox.messages(app) if m["To"] == email][-1].get_content()


def _count_users(data) -> int:
    with data() as session:
        return session.scalar(select(func.count()).select_from(User))


def test_sign_up_with_a_wrong_code_is_refused_and_creates_nothing(client, data):
    response = _signup(client, join_code="WRONG123")
    assert response.status_code == 422
    assert "Liittymiskoodilla ei löytynyt ryhmää" in response.get_data(as_text=True)
    assert _count_users(data) == 0


def test_sign_up_answers_the_same_whether_or_not_the_address_has_an_account(app, data):
    """Finding 15: the answer told whether an address had an account; now only the email does."""
    with data() as session:
        code = factories.cohort(session).join_code
        factories.user(session, "student", email="aino@example.fi")
    taken = _signup(app.test_client(), join_code=code, email="AINO@example.fi")
    new = _signup(app.test_client(), join_code=code, email="eetu@example.fi")
    assert taken.status_code == new.status_code == 200

    def shown(response, email):
        page = response.get_data(as_text=True).replace(csrf_from(response), "TOKEN")
        return page.replace(email, "EMAIL")

    assert shown(taken, "aino@example.fi") == shown(new, "eetu@example.fi")
    assert _count_users(data) == 1
    assert "/password/forgot" in last_link_body(app, "aino@example.fi")
    assert "/signup/finish/" in last_link_body(app, "eetu@example.fi")


def test_a_sign_up_link_for_an_address_taken_meanwhile_creates_nothing(app, client, data):
    with data() as session:
        code = factories.cohort(session).join_code
    _signup(client, join_code=code)
    with data() as session:
        factories.user(session, "student", email="aino@example.fi")
    assert finish_signup(app, client).status_code == 409
    assert _count_users(data) == 1


def test_a_forged_sign_up_link_is_refused(client):
    assert client.get("/signup/finish/not-a-real-token").status_code == 410


def test_sign_up_with_a_short_password_is_a_form_error(client, data):
    with data() as session:
        code = factories.cohort(session).join_code
    response = _signup(client, join_code=code, password="lyhyt")
    assert response.status_code == 422
    assert "vähintään 10 merkin" in response.get_data(as_text=True)


def _ask_reset(client, email):
    return client.post(
        "/password/forgot",
        data={"csrf_token": page_token(client, "/password/forgot"), "email": email},
    )


def test_password_reset_by_emailed_link_works_once(app, client, make_user):
    person = make_user("student")
    assert _ask_reset(client, person.email).status_code == 200
    link = _path(outbox.last_link(app, person.email))
    assert client.get(link).status_code == 200
    new = {
        "csrf_token": page_token(client, link),
        "password": "uusi-salasana-9",
        "confirm": "uusi-salasana-9",
    }
    assert client.post(link, data=new).status_code == 302
    assert log_in(client, person.email, "uusi-salasana-9").status_code == 302
    client.post("/logout", data={"csrf_token": page_token(client, "/")})
    # Used once: the password changed, so the link's fingerprint no longer matches.
    again = client.get(link)
    assert again.status_code == 410
    assert "ei kelpaa tai se on jo käytetty" in again.get_data(as_text=True)


def test_password_reset_for_an_unknown_email_looks_the_same_and_sends_nothing(app, client):
    response = _ask_reset(client, "nobody@example.fi")
    assert response.status_code == 200
    assert outbox.messages(app) == []


def test_expired_and_forged_reset_links(app, client, make_user):
    person = make_user("student")
    _ask_reset(client, person.email)
    link = _path(outbox.last_link(app, person.email))
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    response = client.get(link)
    assert response.status_code == 410 and "vanhentunut" in response.get_data(as_text=True)
    assert client.get("/password/reset/forged.token.value").status_code == 410


def test_reset_form_mismatch_is_a_form_error(app, client, make_user):
    person = make_user("student")
    _ask_reset(client, person.email)
    link = _path(outbox.last_link(app, person.email))
    data = {
        "csrf_token": page_token(client, link),
        "password": "uusi-salasana-9",
        "confirm": "eri-salasana-9",
    }
    response = client.post(link, data=data)
    assert response.status_code == 422
    assert "Salasanat eivät täsmää." in response.get_data(as_text=True)


def _create_invite(client, email, roles=("teacher",), htmx=False):
    data = {
        "csrf_token": page_token(client, "/admin/invites"),
        "email": email,
        "roles": list(roles),
    }
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post("/admin/invites", data=data, headers=headers)


def test_admin_invites_and_the_invitee_creates_an_account(app, client, login_as):
    login_as("admin")
    response = _create_invite(client, "Laura@Kahvila.fi", roles=["entrepreneur", "employer"])
    assert response.status_code == 201
    link = outbox.last_link(app, "laura@kahvila.fi")
    assert link in response.get_data(as_text=True)
    client.post("/logout", data={"csrf_token": page_token(client, "/")})

    path = _path(link)
    page = client.get(path)
    assert page.status_code == 200 and "laura@kahvila.fi" in page.get_data(as_text=True)
    data = {
        "csrf_token": page_token(client, path),
        "name": "Laura Nieminen",
        "password": "salasana-123",
    }
    assert client.post(path, data=data).status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "Työnantaja" in home and "Yrittäjä" in home
    assert client.get(path).status_code == 410


def test_creating_an_invite_with_htmx_answers_the_block_only(client, login_as):
    login_as("admin")
    response = _create_invite(client, "mikko@koulu.fi", htmx=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 201
    assert "<html" not in html and "mikko@koulu.fi" in html
    assert "HX-Request" in response.headers["Vary"]


def test_invite_with_no_role_or_bad_email_is_refused(client, data, login_as):
    login_as("admin")
    assert _create_invite(client, "mikko@koulu.fi", roles=[]).status_code == 422
    assert _create_invite(client, "not-an-email").status_code == 422
    assert _create_invite(client, "x@koulu.fi", roles=["admin"]).status_code == 422
    with data() as session:
        assert session.scalar(select(func.count()).select_from(Invite)) == 0


def test_unknown_and_expired_invites(client, data):
    with data() as session:
        admin = factories.user(session, "admin")
        then = datetime.now(UTC) - timedelta(days=8)
        _, token = factories.invite(session, admin, "old@example.fi", now=then)
    expired = client.get(f"/invite/{token}")
    assert expired.status_code == 410 and "vanhentunut" in expired.get_data(as_text=True)
    assert client.get("/invite/nonsense").status_code == 404


def test_invite_for_an_existing_account_asks_to_log_in_then_adds_the_roles(client, data):
    with data() as session:
        admin = factories.user(session, "admin")
        factories.user(session, "student", email="emilia@example.fi")
        _, token = factories.invite(session, admin, "emilia@example.fi", roles=["employer"])
    response = client.get(f"/invite/{token}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    log_in(client, "emilia@example.fi")
    path = f"/invite/{token}"
    assert client.post(path, data={"csrf_token": page_token(client, path)}).status_code == 302
    assert "Työnantaja" in client.get("/").get_data(as_text=True)


def test_change_password_signs_out_other_devices(app, make_user):
    person = make_user("teacher")
    phone, laptop = app.test_client(), app.test_client()
    log_in(phone, person.email)
    log_in(laptop, person.email)
    data = {
        "csrf_token": page_token(laptop, "/settings/"),
        "current_password": factories.PASSWORD,
        "password": "uusi-salasana-9",
        "confirm": "uusi-salasana-9",
    }
    assert laptop.post("/settings/password", data=data).status_code == 303
    assert laptop.get("/settings/").status_code == 200
    assert phone.get("/settings/").status_code == 302


def test_change_password_with_a_wrong_current_password(client, login_as):
    login_as("student")
    data = {
        "csrf_token": page_token(client, "/settings/"),
        "current_password": "not-my-password",
        "password": "uusi-salasana-9",
        "confirm": "uusi-salasana-9",
    }
    response = client.post("/settings/password", data=data)
    assert response.status_code == 422
    assert "Nykyinen salasana ei ole oikein." in response.get_data(as_text=True)


def test_student_joins_another_class_from_settings(client, data, login_as):
    with data() as session:
        code = factories.cohort(session, name="Liiketalous LT26").join_code
    login_as("student")
    token = page_token(client, "/settings/")
    assert (
        client.post(
            "/settings/cohorts", data={"csrf_token": token, "join_code": "XXXX"}
        ).status_code
        == 422
    )
    response = client.post("/settings/cohorts", data={"csrf_token": token, "join_code": code})
    assert response.status_code == 303
    assert "Liiketalous LT26" in client.get("/").get_data(as_text=True)


def test_teacher_creates_a_class_plain_and_with_htmx(client, login_as):
    login_as("teacher")
    token = page_token(client, "/teach/cohorts")
    plain = client.post("/teach/cohorts", data={"csrf_token": token, "name": "TVT25"})
    assert plain.status_code == 201 and "<html" in plain.get_data(as_text=True)
    fragment = client.post(
        "/teach/cohorts", data={"csrf_token": token, "name": "LT26"}, headers={"HX-Request": "true"}
    )
    html = fragment.get_data(as_text=True)
    assert fragment.status_code == 201 and "<html" not in html
    assert "TVT25" in html and "LT26" in html
    empty = client.post(
        "/teach/cohorts", data={"csrf_token": token, "name": ""}, headers={"HX-Request": "true"}
    )
    assert empty.status_code == 422 and "Tämä kenttä on pakollinen." in empty.get_data(as_text=True)


def test_settings_save_name_and_language(client, login_as):
    login_as("student")
    data = {"csrf_token": page_token(client, "/settings/"), "name": "Aino V.", "locale": "sv"}
    assert client.post("/settings/profile", data=data).status_code == 303
    page = client.get("/settings/").get_data(as_text=True)
    assert 'lang="sv"' in page and "Inställningar" in page and "Aino V." in page
    data = {"csrf_token": page_token(client, "/settings/"), "name": "", "locale": "xx"}
    assert client.post("/settings/profile", data=data).status_code == 422


@pytest.mark.parametrize(
    "target", ["/\t/evil.example", "/\n/x", "//evil.example", "https://evil.example"]
)
def test_login_never_redirects_off_site(client, make_user, target):
    person = make_user("student")
    data = {"csrf_token": page_token(client), "email": person.email, "password": factories.PASSWORD}
    response = client.post("/login", query_string={"next": target}, data=data)
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_the_app_hashes_with_the_configured_profile(make_app):
    from quests import passwords

    before = passwords.current_profile()
    try:
        make_app(PASSWORD_HASH_PROFILE="RFC_9106_LOW_MEMORY")
        assert passwords.current_profile() == "RFC_9106_LOW_MEMORY"
        with pytest.raises(ValueError, match="unknown password hash profile"):
            make_app(PASSWORD_HASH_PROFILE="FAST")
    finally:
        passwords.configure(before)
