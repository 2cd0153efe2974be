"""The video-CV competition on a phone: a student enters with a video, it becomes ready,
an employer judges it, the organiser publishes the result and the student sees it."""

import re

from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import log_in
from tests.web.competitions.conftest import make_competition, seat, videos  # noqa: F401


def _log_out(page):
    page.get_by_role("button", name="Kirjaudu ulos").click()
    expect(page).to_have_url(re.compile(r"/login$"))


def test_a_video_cv_from_entry_to_published_result(
    page,
    live_server,
    data,
    videos,  # noqa: F811 - the session-scoped fixture imported above
    audit,
    console_errors,
):
    with data() as session:
        admin = factories.user(session, "admin", name="Satu Laine")
        student = factories.user(session, "student", name="Aino Virtanen")
        employer = factories.user(session, "employer", name="Jari Mäkinen")
        competition = make_competition(session, admin)
        seat(session, competition, employer)
        emails = (admin.email, student.email, employer.email)
    admin_email, student_email, employer_email = emails

    # The student enters from the phone.
    log_in(page, live_server, student_email)
    page.get_by_role("navigation", name="Päävalikko").get_by_role("link", name="Kilpailut").click()
    expect(page.get_by_role("heading", name="Kilpailut", exact=True)).to_be_visible()
    audit("competition list")
    page.get_by_role("link", name="Kesätyö-CV 2027").click()
    audit("competition page")
    page.get_by_role("link", name="Osallistu kilpailuun").click()
    audit("entry form")
    page.get_by_role("button", name="Lähetä osallistumiseni").click()
    expect(page.get_by_text("Valitse tai kuvaa video.")).to_be_visible()
    audit("entry form with errors")
    page.get_by_label("Otsikko").fill("Kokki, joka osaa myös leipoa")
    page.get_by_label("Esittelysi muutamalla lauseella").fill("Teen ruokaa isoille ryhmille.")
    page.locator("input[type=file][name=video]").set_input_files(str(videos["mp4"]))
    page.get_by_label("Hyväksyn säännöt").check()
    page.get_by_role("button", name="Lähetä osallistumiseni").click()
    expect(page.get_by_text("Osallistumisesi on vastaanotettu.")).to_be_visible()
    # Processing runs in a background thread; the page polls until the video is ready.
    expect(page.get_by_text("Videosi on valmis.")).to_be_visible(timeout=30_000)
    expect(page.locator("video")).to_be_visible()
    page.get_by_label("Tai kirjoita, mitä sanot videolla").fill(
        "Hei, olen Aino. Teen ruokaa ja leivon, ja haluan kesätöihin kahvilaan."
    )
    page.get_by_role("button", name="Tallenna tekstitys").click()
    expect(page.get_by_text("Tekstitys on tallennettu.")).to_be_visible()
    expect(page.locator("video track[kind=captions]")).to_have_count(1)
    audit("entry page with a ready video and captions")
    _log_out(page)

    # The organiser's form for a new competition, then the judges get their entries.
    log_in(page, live_server, admin_email)
    page.goto(live_server + "/competitions/new")
    audit("new competition form")
    page.get_by_role("button", name="Luo kilpailu").click()
    expect(page.get_by_text("Tämä kenttä on pakollinen.").first).to_be_visible()
    audit("new competition form with errors")
    page.goto(live_server + "/competitions/")
    page.get_by_role("link", name="Kesätyö-CV 2027").click()
    audit("management page")
    page.get_by_role("button", name="Jaa videot arvioijille").click()
    expect(page.get_by_text("Arvioijille jaettiin 1 uutta arvioitavaa.")).to_be_visible()
    _log_out(page)

    # The employer judges on the phone; each choice is saved as it is made.
    log_in(page, live_server, employer_email)
    page.get_by_role("navigation", name="Päävalikko").get_by_role("link", name="Kilpailut").click()
    page.get_by_role("link", name="Kesätyö-CV 2027").click()
    expect(page.get_by_text("0/1 arvioitu")).to_be_visible()
    audit("judging overview")
    page.get_by_role("link", name="Kokki, joka osaa myös leipoa").click()
    expect(page.get_by_text("Aino Virtanen")).to_have_count(0)  # blind judging
    audit("judging page")
    page.get_by_role("group", name=re.compile("Osaaminen")).get_by_role("radio", name="5").check()
    expect(page.get_by_text("Tallennettu.")).to_be_visible()
    page.get_by_role("group", name=re.compile("Esiintyminen")).get_by_role(
        "radio", name="4"
    ).check()
    expect(page.get_by_text("1/1 arvioitu").last).to_be_visible()
    audit("judging page after scoring")
    _log_out(page)

    # The organiser picks the winner and publishes.
    log_in(page, live_server, admin_email)
    page.goto(live_server + "/competitions/")
    page.get_by_role("link", name="Kesätyö-CV 2027").click()
    page.get_by_role("link", name="Tulokset").click()
    expect(page.get_by_role("cell", name=re.compile("Kokki"))).to_be_visible()
    audit("results page")
    prize = page.get_by_label(re.compile("^Kesätyö"))
    prize.select_option(prize.locator("option", has_text="Kokki").get_attribute("value"))
    page.get_by_role("button", name="Tallenna voittajat").click()
    page.get_by_role("button", name="Julkaise tulokset").click()
    expect(page.get_by_text("Tulokset on julkaistu")).to_be_visible()
    audit("results page after publishing")
    _log_out(page)

    # The student sees the result.
    log_in(page, live_server, student_email)
    page.goto(live_server + "/competitions/")
    expect(page.get_by_text("Tulokset julkaistu")).to_be_visible()
    page.get_by_role("link", name="Kesätyö-CV 2027").click()
    expect(page.get_by_role("heading", name="Voittajat")).to_be_visible()
    expect(page.get_by_text(re.compile("Aino Virtanen, “Kokki"))).to_be_visible()
    audit("competition page with the results")
