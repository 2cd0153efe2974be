"""Finnish by default, Swedish and English on request, and no string left untranslated."""

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tests.conftest import page_token

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "lazy_gettext": None,
    "_l": None,
    "N_": None,
}
METHODS = [("**.py", "python"), ("**.html", "jinja2")]


def test_finnish_is_the_default(client):
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="fi">' in html and "Kirjaudu Polkuun" in html


@pytest.mark.parametrize(
    ("header", "lang", "text"),
    [("sv-FI,sv;q=0.9", "sv", "Logga in på Polku"), ("en-GB,en;q=0.8", "en", "Log in to Polku")],
)
def test_accept_language_chooses(client, header, lang, text):
    html = client.get("/login", headers={"Accept-Language": header}).get_data(as_text=True)
    assert f'<html lang="{lang}">' in html and text in html


def test_the_language_switch_is_remembered_without_an_account(client):
    token = page_token(client)
    response = client.post("/language", data={"csrf_token": token, "locale": "sv"})
    assert response.status_code == 303
    assert "Logga in på Polku" in client.get("/login").get_data(as_text=True)


def test_a_persons_setting_beats_the_browser(client, login_as):
    login_as("student", locale="en")
    html = client.get("/", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert '<html lang="en">' in html and "Settings" in html


def _source_messages() -> set[str]:
    found = set()
    for folder in ("webapp", "quests", "templates"):
        for _, _, message, _, _ in extract_from_dir(
            ROOT / folder,
            method_map=METHODS,
            keywords=KEYWORDS,
            options_map={"**.html": {"extensions": "jinja2.ext.i18n"}},
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_string_has_a_translation(lang):
    """Extracted fresh from the code, so a new string without a translation fails here."""
    path = ROOT / "webapp" / "translations" / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    translated = {}
    for message in catalog:
        if message.id and not message.fuzzy:
            key = message.id if isinstance(message.id, str) else message.id[0]
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            translated[key] = all(strings)
    sources = _source_messages()
    assert len(sources) > 100
    missing = sorted(m for m in sources if not translated.get(m))
    assert missing == [], f"{lang} has no translation for: {missing}"


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_translations_keep_their_placeholders(lang):
    path = ROOT / "webapp" / "translations" / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    problems = [(m.id, errors) for m, errors in catalog.check() if errors]
    assert problems == []
