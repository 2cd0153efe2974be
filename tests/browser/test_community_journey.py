"""An entrepreneur's application is accepted, they post a project, two students join,
a milestone is approved and both students see their XP."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import log_in
from tests.web import outbox

PASSWORD = factories.PASSWORD


def test_application_project_team_and_xp(
    page, browser, browser_context_args, live_server, app, data, audit, console_errors
):
    with data() as session:
        admin = factories.user(session, "admin", name="Satu Laine")
        aino = factories.user(session, "student", name="Aino Virtanen")
        eetu = factories.user(session, "student", name="Eetu Heikkinen")
        emails = {"admin": admin.email, "aino": aino.email, "eetu": eetu.email}

    def new_page():
        return browser.new_context(**browser_context_args).new_page()

    # The entrepreneur applies, without an account.
    page.goto(live_server + "/community/apply")
    audit("application form")
    page.get_by_label("Nimesi").fill("Laura Nieminen")
    page.get_by_label("Sähköposti").fill("laura@kaneli.example")
    page.get_by_label("Yrityksen nimi").fill("Kahvila Kaneli")
    page.get_by_label("Toimiala").fill("Kahvila")
    page.get_by_label("Vakiintunut yritys").check()
    page.get_by_label("Mitä odotat yhteisöltä?").fill("Tekijöitä verkkosivuille.")
    page.get_by_label("Palvelumuotoilu").check()
    page.get_by_label("Miten voisit tehdä yhteistyötä opiskelijoiden kanssa?").fill(
        "Oikea projekti kahvilan asiakkaille."
    )
    page.get_by_role("button", name="Lähetä hakemus").click()
    expect(page.get_by_role("heading", name="Kiitos, Laura Nieminen!")).to_be_visible()
    audit("application sent")
    # The status link is in the email only: the page looks the same for an address that
    # already applied or has an account.
    status_link = outbox.last_link(app, "laura@kaneli.example")
    page.goto(live_server + urlsplit(status_link).path)
    expect(page.get_by_text("Odottaa päätöstä")).to_be_visible()
    audit("application status")

    # The administrator accepts it.
    admin_page = new_page()
    log_in(admin_page, live_server, emails["admin"])
    admin_page.goto(live_server + "/community/applications")
    expect(admin_page.get_by_role("heading", name="Kahvila Kaneli")).to_be_visible()
    audit("application queue", admin_page)
    admin_page.get_by_role("button", name="Hyväksy").click()
    expect(admin_page.get_by_text("Laura Nieminen on hyväksytty")).to_be_visible()
    audit("application queue after accepting", admin_page)
    admin_page.context.close()

    # The invite link makes her an entrepreneur; she posts a project.
    (invite,) = [
        link.replace("http://localhost", live_server)
        for message in outbox.messages(app)
        for link in outbox.LINK.findall(message.get_content())
        if "/invite/" in link
    ]
    page.goto(invite)
    page.get_by_label("Nimi").fill("Laura Nieminen")
    page.get_by_label("Salasana (vähintään 10 merkkiä)").fill("kanelipulla-2026")
    page.get_by_role("button", name="Luo tunnukseni").click()
    page.get_by_role("link", name="Projektit", exact=True).click()
    audit("project list, empty")
    page.get_by_role("link", name="Uusi projekti").click()
    page.get_by_label("Otsikko").fill("Kahvilan verkkosivut")
    page.get_by_label("Todellinen tarve").select_option("website")
    page.get_by_label("Tiimin koko").fill("2")
    page.get_by_label("Välitavoite 1", exact=True).fill("Sivukartta ja tekstit")
    page.get_by_label("Välitavoitteen 1 XP").fill("60")
    audit("new project form")
    page.get_by_role("button", name="Julkaise projekti").click()
    expect(page.get_by_role("heading", name="Kahvilan verkkosivut")).to_be_visible()
    project_url = page.url
    audit("project page")

    # Two students apply to the team and are accepted.
    students = {}
    for name in ("aino", "eetu"):
        student = new_page()
        log_in(student, live_server, emails[name])
        student.goto(live_server + "/community/projects")
        student.get_by_role("link", name="Kahvilan verkkosivut").click()
        student.get_by_label("Miksi haluaisit mukaan? (vapaaehtoinen)").fill("Osaan HTML:ää.")
        student.get_by_role("button", name="Hae tiimiin").click()
        expect(student.get_by_text("Olet hakenut tiimiin.")).to_be_visible()
        audit(f"project page after {name} applied", student)
        students[name] = student
    page.goto(project_url)
    page.get_by_role("button", name="Hyväksy Aino Virtanen tiimiin").click()
    expect(page.get_by_text("Opiskelija on nyt tiimissä.")).to_be_visible()
    page.get_by_role("button", name="Hyväksy Eetu Heikkinen tiimiin").click()
    expect(page.get_by_text("2/2")).to_be_visible()
    audit("project page with the team")

    # Aino sends the milestone for the team; Laura approves it.
    aino_page = students["aino"]
    aino_page.goto(project_url)
    aino_page.get_by_role("link", name="Sivukartta ja tekstit").click()
    aino_page.get_by_role("button", name="Ota tehtävä vastaan").click()
    aino_page.get_by_label(re.compile("^1. Sivukartta ja tekstit")).fill("Sivukartta valmis.")
    aino_page.get_by_role("button", name="Lähetä arvioitavaksi").click()
    expect(aino_page.get_by_text("Lähetetty arvioitavaksi.")).to_be_visible()

    page.get_by_role("link", name=re.compile("^Arviointi")).click()
    page.get_by_label("Palaute opiskelijalle").fill("Selkeä sivukartta, kiitos!")
    page.get_by_role("button", name="Hyväksy").click()
    expect(page.get_by_text("+60 XP")).to_be_visible()
    page.goto(project_url)
    expect(page.get_by_text("Valmis", exact=True)).to_be_visible()
    audit("completed project")

    for name, student in students.items():
        student.get_by_role("link", name="Koti").click()
        expect(student.get_by_text("60 XP · 40 XP tasoon 2")).to_be_visible()
        audit(f"{name}'s home with the team XP", student)
        student.goto(project_url)
        expect(student.get_by_text("Selkeä sivukartta, kiitos!")).to_be_visible()
        student.context.close()
