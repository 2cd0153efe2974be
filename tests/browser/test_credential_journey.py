"""A student downloads their badge as an Open Badges 3.0 credential and shows its QR code;
someone else pastes the credential into the verify page and reads what was checked."""

import re
from datetime import UTC, datetime
from pathlib import Path

from playwright.sync_api import expect

from quests import badges
from tests import factories
from tests.browser.conftest import log_in


def test_student_downloads_credential_and_a_visitor_verifies_it(
    page, browser, browser_context_args, live_server, app, data, audit, console_errors
):
    with app.test_request_context(), data() as session:
        teacher = factories.user(session, "teacher", name="Mikko Korhonen")
        student = factories.user(session, "student", name="Aino Virtanen")
        factories.cohort(session, teacher=teacher, students=[student])
        badge = factories.badge_class(session, teacher, name="Kassatyöskentely")
        badges.award_by_hand(
            session,
            actor=teacher,
            badge=badge,
            students=[student],
            quest_ids=[],
            narrative="Hoiti kassan itsenäisesti.",
            now=datetime.now(UTC),
        )
        email = student.email

    log_in(page, live_server, email)
    page.goto(live_server + "/badges")
    audit("badge wall with the DID field")
    page.get_by_role("link", name="Kassatyöskentely").click()
    expect(page.get_by_role("heading", name="Säilytä lompakossa (Open Badges 3.0)")).to_be_visible()
    qr = page.get_by_role("img", name="Tarkistuslinkin QR-koodi")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] <= 360
    audit("badge page with credential downloads and QR code")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Todiste (.jwt)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".jwt")
    token = Path(download.path()).read_text()
    assert token.count(".") == 2

    visitor = browser.new_context(**browser_context_args)
    public = visitor.new_page()
    public.goto(live_server + "/verify")
    audit("verify page", public)
    public.get_by_label("Liitä todiste (.jwt-tiedoston teksti)").fill(token)
    public.get_by_role("button", name="Tarkista").click()
    expect(public.get_by_text(re.compile("^Voimassa: allekirjoitus on hubin"))).to_be_visible()
    expect(
        public.get_by_text(
            "Allekirjoitus täsmää yhteen hubin julkaisemista avaimista.", exact=False
        )
    ).to_be_visible()
    audit("verify page with a result", public)
    visitor.close()
