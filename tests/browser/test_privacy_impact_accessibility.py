"""At 360×740 with zero axe violations: the accessibility statement and its feedback form,
the impact page with its charts and tables, and the data page's export and deletion."""

import re
from datetime import date

from playwright.sync_api import expect

from quests.quest_models import ActivityDay
from tests import factories
from tests.browser.conftest import log_in


def test_anyone_reads_the_statement_and_sends_feedback(page, live_server, audit, console_errors):
    page.goto(live_server + "/login")
    page.get_by_role("link", name="Saavutettavuusseloste").click()
    expect(page.get_by_role("heading", name="Saavutettavuusseloste", level=1)).to_be_visible()
    audit("accessibility statement")
    page.get_by_role("link", name="Lähetä saavutettavuuspalautetta").click()
    audit("feedback form")
    page.get_by_role("button", name="Lähetä palaute").click()
    expect(page.get_by_text("Tämä kenttä on pakollinen.").first).to_be_visible()
    audit("feedback form with errors")
    page.get_by_label("Mikä oli vaikeaa käyttää?").fill("Kaavion värit ovat liian vaaleat.")
    page.get_by_label("Sähköposti vastausta varten").fill("lukija@example.fi")
    page.get_by_role("button", name="Lähetä palaute").click()
    expect(page.get_by_role("heading", name="Kiitos palautteestasi")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Viitteesi on SA-"))).to_be_visible()
    audit("feedback sent")
    page.get_by_role("link", name="Tietosuojaseloste").click()
    expect(page.get_by_role("heading", name="Tietosuojaseloste", level=1)).to_be_visible()
    audit("privacy notice")


def test_a_teacher_reads_the_impact_of_their_class(page, live_server, data, audit, console_errors):
    with data() as session:
        teacher = factories.user(session, "teacher")
        students = [factories.user(session, "student") for _ in range(3)]
        factories.cohort(session, teacher=teacher, students=students, name="Datanomit 25")
        for n, student in enumerate(students):
            for month in range(1, n + 2):
                session.add(ActivityDay(user_id=student.id, day=date(2026, month, 5)))
        email = teacher.email
    log_in(page, live_server, email)
    page.get_by_role("link", name="Vaikuttavuus: ryhmiesi luvut kuukausittain").click()
    expect(page.get_by_role("heading", name="Vaikuttavuus", level=1)).to_be_visible()
    page.get_by_label("Alkukuukausi").fill("2026-01")
    page.get_by_label("Loppukuukausi").fill("2026-06")
    page.get_by_label("Ryhmä", exact=True).select_option(label="Datanomit 25")
    page.get_by_role("button", name="Näytä").click()
    chart = page.get_by_role("img", name="Aktiiviset opiskelijat")
    expect(chart).to_be_visible()
    page.get_by_text("Taulukko").first.click()
    audit("impact with a table open")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_student_downloads_their_data_and_deletes_the_account(
    page, live_server, data, audit, console_errors
):
    with data() as session:
        email = factories.user(session, "student").email
    log_in(page, live_server, email)
    page.goto(live_server + "/settings/")
    page.get_by_role("link", name="Lataa tietosi tai poista tilisi").click()
    expect(page.get_by_role("heading", name="Tietosi", level=1)).to_be_visible()
    audit("data page")
    page.get_by_role("button", name="Kokoa tietoni").click()
    link = page.get_by_role("link", name="Lataa tietosi (ZIP)")
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.startswith("polku-data-")
    audit("data page with a download")
    page.get_by_role("button", name="Poista tilini pysyvästi").click()
    expect(page.get_by_text("Tämä kenttä on pakollinen.")).to_be_visible()
    audit("deletion without a password")
    page.get_by_label("Salasanasi").fill(factories.PASSWORD)
    page.get_by_role("button", name="Poista tilini pysyvästi").click()
    expect(page.get_by_text("Tilisi ja tietosi on poistettu.")).to_be_visible()
