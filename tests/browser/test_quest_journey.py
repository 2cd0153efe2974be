"""A student sends a photo from the phone, the teacher approves it, the XP bar moves."""

import re

from PIL import Image
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import log_in

PASSWORD = factories.PASSWORD


def test_photo_evidence_is_approved_and_the_xp_bar_moves(
    page, browser, browser_context_args, live_server, data, audit, console_errors, tmp_path
):
    with data() as session:
        teacher = factories.user(session, "teacher", name="Mikko Korhonen")
        student = factories.user(session, "student", name="Aino Virtanen")
        cohort = factories.cohort(session, teacher=teacher, students=[student])
        factories.challenge(
            session,
            teacher,
            cohort,
            title="Siisti työpiste -haaste",
            xp=120,
            steps=[("Kuva työpisteestä", "photo")],
        )
        emails = teacher.email, student.email
    photo = tmp_path / "tyopiste.jpg"
    Image.new("RGB", (1200, 900), (70, 110, 160)).save(photo, "JPEG")

    log_in(page, live_server, emails[1])
    expect(page.locator("#xp-bar")).to_have_attribute("value", "0")
    audit("student home before")

    page.get_by_role("link", name="Tehtävät").click()
    audit("quest board")
    page.get_by_role("link", name="Siisti työpiste -haaste").click()
    audit("quest page")
    page.get_by_role("button", name="Ota tehtävä vastaan").click()
    expect(page.get_by_text("Tehtävä otettu vastaan. Onnea matkaan!")).to_be_visible()
    page.get_by_label("1. Kuva työpisteestä (Kuva)").set_input_files(str(photo))
    audit("quest page with the evidence form")
    page.get_by_role("button", name="Lähetä arvioitavaksi").click()
    expect(page.get_by_text("Lähetetty arvioitavaksi.")).to_be_visible()
    expect(page.get_by_role("img", name="Kuva: tyopiste.jpg")).to_be_visible()
    audit("quest page after sending")

    teacher_context = browser.new_context(**browser_context_args)
    teacher_page = teacher_context.new_page()
    log_in(teacher_page, live_server, emails[0])
    teacher_page.get_by_role("link", name=re.compile("^Arviointi")).click()
    expect(teacher_page.get_by_role("img", name="Kuva: tyopiste.jpg")).to_be_visible()
    audit("review queue", teacher_page)
    teacher_page.get_by_label("Palaute opiskelijalle").fill("Todella siisti, hyvä!")
    url_before = teacher_page.url
    teacher_page.get_by_role("button", name="Hyväksy").click()
    expect(teacher_page.get_by_text("+120 XP")).to_be_visible()
    assert teacher_page.url == url_before  # swapped in place by htmx
    audit("review queue after approving", teacher_page)
    teacher_context.close()

    page.get_by_role("link", name="Koti").click()
    expect(page.get_by_text("Tasonnousu! Saavutit tason 2.")).to_be_visible()
    expect(page.locator("#xp-bar")).to_have_attribute("value", "20")
    expect(page.get_by_text("120 XP · 180 XP tasoon 3")).to_be_visible()
    expect(page.get_by_text("“Todella siisti, hyvä!”")).to_be_visible()
    audit("student home after approval")


def test_teacher_writes_a_plan_and_a_challenge(page, live_server, data, audit, console_errors):
    with data() as session:
        teacher = factories.user(session, "teacher", name="Mikko Korhonen")
        student = factories.user(session, "student", name="Veera Koskinen")
        factories.cohort(session, teacher=teacher, students=[student], name="TVT25")
        teacher_email = teacher.email

    log_in(page, live_server, teacher_email)
    page.get_by_role("link", name="Ryhmät").click()
    page.get_by_role("link", name="TVT25").click()
    page.get_by_role("link", name="Veera Koskinen").click()
    expect(page.get_by_role("heading", name="Oppimissuunnitelma: Veera Koskinen")).to_be_visible()
    audit("empty plan with the editor")
    page.get_by_label("Tutkinto", exact=True).fill("Liiketoiminnan perustutkinto")
    page.get_by_role("button", name="Tallenna").click()
    page.locator("summary", has_text="Lisää tutkinnon osa").click()
    page.get_by_label("Tutkinnon osan koodi").fill("LT-1")
    page.get_by_label("Tutkinnon osan nimi").fill("Asiakaspalvelu")
    page.get_by_label("Osaamispisteet").fill("20")
    page.get_by_role("button", name="Lisää tutkinnon osa").click()
    expect(page.get_by_role("heading", name="LT-1 Asiakaspalvelu")).to_be_visible()
    page.locator("summary", has_text="Lisää työelämässä oppimisen jakso").click()
    page.get_by_label("Työpaikka", exact=True).fill("Kahvila Kaneli")
    page.get_by_label("Työpaikkaohjaaja").fill("Laura Nieminen")
    page.get_by_label("Alkaa").fill("2027-01-10")
    page.get_by_label("Päättyy").fill("2026-12-01")
    page.get_by_label("Tunteja viikossa").fill("25")
    page.get_by_role("button", name="Lisää jakso").click()
    expect(page.get_by_text("Päättymispäivän on oltava sama tai myöhempi")).to_be_visible()
    audit("plan with a form error")

    page.goto(live_server + "/quests/new")
    audit("new challenge")
    page.get_by_label("Otsikko").fill("Pitch 60 sekunnissa")
    page.get_by_label("Vaihe 1", exact=True).fill("Linkki videoon")
    page.get_by_label("Vaiheen 1 näyttö").select_option("link")
    page.get_by_role("button", name="Julkaise haaste").click()
    expect(page.get_by_role("heading", name="Pitch 60 sekunnissa")).to_be_visible()
    audit("published challenge")
