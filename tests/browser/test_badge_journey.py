"""A teacher awards a badge; the student finds it on the wall and opens its public verification."""

import re

from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import log_in


def test_teacher_awards_and_student_verifies(
    page, browser, browser_context_args, live_server, app, data, audit, console_errors
):
    with app.test_request_context(), data() as session:
        teacher = factories.user(session, "teacher", name="Mikko Korhonen")
        student = factories.user(session, "student", name="Aino Virtanen")
        factories.cohort(session, teacher=teacher, students=[student])
        emails = teacher.email, student.email

    teacher_context = browser.new_context(**browser_context_args)
    teacher_page = teacher_context.new_page()
    log_in(teacher_page, live_server, emails[0])
    teacher_page.goto(live_server + "/teach/badges")
    audit("badge classes", teacher_page)
    teacher_page.get_by_role("link", name="Uusi merkki").click()
    audit("new badge form", teacher_page)
    teacher_page.get_by_label("Nimi", exact=True).fill("Asiakaspalvelun ABC")
    teacher_page.get_by_label("Kuvaus", exact=True).fill("Palvelee asiakasta ystävällisesti.")
    teacher_page.get_by_label("Kriteerit", exact=True).fill(
        "Kolme **asiakaspalvelutilannetta** työpaikalla."
    )
    teacher_page.get_by_label("Tutkinnon osan koodi", exact=True).fill("106962")
    teacher_page.get_by_label("Tutkinnon osan nimi").fill("Asiakaspalvelu")
    teacher_page.get_by_role("button", name="Luo merkki").click()
    expect(
        teacher_page.get_by_text("Merkki Asiakaspalvelun ABC on valmis myönnettäväksi.")
    ).to_be_visible()
    audit("award form", teacher_page)
    teacher_page.get_by_label("Aino Virtanen").check()
    teacher_page.get_by_label("Miksi he ansaitsivat sen").fill("Palveli asiakkaita kahvilassa.")
    teacher_page.get_by_role("button", name="Myönnä merkki").click()
    expect(teacher_page.get_by_text("Merkki myönnetty: Aino Virtanen.")).to_be_visible()
    teacher_context.close()

    log_in(page, live_server, emails[1])
    page.goto(live_server + "/badges")
    audit("badge wall")
    page.get_by_role("link", name="Asiakaspalvelun ABC").click()
    expect(page.get_by_role("heading", name="Asiakaspalvelun ABC")).to_be_visible()
    audit("badge page")
    share = page.locator(".invite-link a")
    verify_url = share.get_attribute("href")
    page.get_by_label("Näytä nimeni julkisella sivulla").check()
    page.get_by_role("button", name="Tallenna valintani").click()
    expect(page.get_by_text("Jakamisvalintasi on tallennettu.")).to_be_visible()

    visitor = browser.new_context(**browser_context_args)
    public = visitor.new_page()
    public.goto(verify_url)
    expect(public.get_by_text(re.compile("Voimassa: tämän merkin on myöntänyt"))).to_be_visible()
    expect(public.get_by_text("Aino Virtanen")).to_be_visible()
    assert public.locator('link[rel="alternate"][type="application/ld+json"]').count() == 1
    audit("public verification page", public)
    visitor.close()
