"""A student on a phone signs up with a join code, opens the emailed link, sees the home page
and signs out."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests import factories
from tests.web import outbox

PASSWORD = "oma-salasana-2026"


def test_student_signs_up_with_a_join_code_logs_in_and_out(
    page, app, live_server, data, audit, console_errors
):
    with data() as session:
        teacher = factories.user(session, "teacher", name="Mikko Korhonen")
        cohort = factories.cohort(
            session, teacher=teacher, name="Tieto- ja viestintätekniikka TVT25"
        )
        code = cohort.join_code

    page.goto(live_server + "/")
    audit("welcome page")
    page.get_by_role("link", name="Rekisteröidy liittymiskoodilla").click()

    expect(page.get_by_role("heading", name="Liity ryhmääsi Polussa")).to_be_visible()
    audit("sign-up page")
    page.get_by_label("Liittymiskoodi opettajaltasi").fill("väärä")
    page.get_by_label("Nimi").fill("Aino Virtanen")
    page.get_by_label("Sähköposti").fill("aino.virtanen@example.fi")
    page.get_by_label("Salasana (vähintään 10 merkkiä)").fill(PASSWORD)
    page.get_by_role("button", name="Luo tunnukseni").click()
    expect(page.get_by_text("Liittymiskoodilla ei löytynyt ryhmää")).to_be_visible()
    audit("sign-up page with an error")

    page.get_by_label("Liittymiskoodi opettajaltasi").fill(code.lower())
    page.get_by_label("Salasana (vähintään 10 merkkiä)").fill(PASSWORD)
    page.get_by_role("button", name="Luo tunnukseni").click()
    expect(page.get_by_role("heading", name="Tarkista sähköpostisi")).to_be_visible()
    audit("sign-up sent")

    # The account is made from the link mailed to the address.
    link = outbox.last_link(app, "aino.virtanen@example.fi")
    page.goto(live_server + urlsplit(link).path)
    audit("finish signing up")
    page.get_by_role("button", name="Luo tunnukseni").click()

    expect(page.get_by_role("heading", name="Hei, Aino!")).to_be_visible()
    expect(page.get_by_text("Tervetuloa Polkuun, Aino Virtanen!")).to_be_visible()
    expect(page.get_by_text("Tieto- ja viestintätekniikka TVT25")).to_be_visible()
    # On a phone the navigation sits at the bottom of the screen.
    nav = page.get_by_role("navigation", name="Päävalikko").bounding_box()
    assert nav["y"] + nav["height"] >= 740 - 1
    audit("home page")

    page.get_by_role("button", name="Kirjaudu ulos").click()
    expect(page.get_by_text("Olet kirjautunut ulos.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login$"))
    audit("login page after signing out")

    page.get_by_label("Sähköposti").fill("aino.virtanen@example.fi")
    page.get_by_label("Salasana", exact=True).fill("väärä-salasana")
    page.get_by_role("button", name="Kirjaudu sisään").click()
    expect(page.get_by_text("Sähköposti tai salasana ei ole oikein.")).to_be_visible()
    audit("login page with an error")

    page.get_by_label("Salasana", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    expect(page.get_by_role("heading", name="Hei, Aino!")).to_be_visible()
    page.get_by_role("button", name="Kirjaudu ulos").click()
    expect(page).to_have_url(re.compile(r"/login$"))


def test_teacher_creates_a_class_in_place_with_htmx(
    page, live_server, make_user, audit, console_errors
):
    teacher = make_user("teacher")
    page.goto(live_server + "/login")
    page.get_by_label("Sähköposti").fill(teacher.email)
    page.get_by_label("Salasana", exact=True).fill(teacher.password)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.get_by_role("link", name="Ryhmät").click()
    expect(page.get_by_role("heading", name="Ryhmät", exact=True)).to_be_visible()
    audit("classes page")

    page.get_by_role("button", name="Luo ryhmä").click()
    error = page.get_by_text("Tämä kenttä on pakollinen.")
    expect(error).to_be_visible()
    expect(page.get_by_label("Ryhmän nimi")).to_be_focused()
    audit("classes page with an error")

    url_before = page.url
    page.get_by_label("Ryhmän nimi").fill("Liiketalous LT26")
    page.get_by_role("button", name="Luo ryhmä").click()
    message = r"Liiketalous LT26 luotiin\. Sen liittymiskoodi on [A-Z0-9]{8}\."
    created = page.get_by_text(re.compile(message))
    expect(created).to_be_visible()
    expect(created).to_be_focused()
    # htmx swapped the section in place: no navigation happened.
    assert page.url == url_before
    expect(page.get_by_role("link", name="Liiketalous LT26")).to_be_visible()
    audit("classes page after creating a class")


def test_language_switch_without_javascript_button(page, live_server, audit, console_errors):
    page.goto(live_server + "/login")
    page.get_by_label("Kieli").select_option("sv")
    expect(page.get_by_role("heading", name="Logga in på Polku")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    audit("login page in Swedish")


def test_the_audit_catches_a_violation(page, live_server, audit):
    """The audit itself must be able to fail, or a green run proves nothing."""
    page.goto(live_server + "/login")
    page.evaluate("document.querySelector('label[for=email]').remove()")
    try:
        audit("login page without its email label")
    except AssertionError as error:
        assert "label" in str(error)
    else:
        raise AssertionError("axe found nothing wrong with an unlabelled field")
