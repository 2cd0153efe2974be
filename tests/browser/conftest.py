"""Real-browser fixtures: Debian's Chromium at 360×740, a live server, and an axe-core audit."""

import json
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import factories

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Without these, headless Chromium reaches for Google's services on this closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


EXPECTED_4XX = "Failed to load resource: the server responded with a status of 4"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def _missing(what: str):
    # On CI a missing browser is a broken setup, not a reason to skip.
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing; .ci/run installs it")
    pytest.skip(f"{what} is missing")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        _missing(str(CHROMIUM))
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": {"width": 360, "height": 740},
        "locale": "fi-FI",
        "has_touch": True,
        "is_mobile": True,
    }


@pytest.fixture
def console_errors(page):
    """Errors the page logs (a CSP violation, a failed script); a journey should have none."""
    errors = []

    def on_console(message):
        # Chromium logs every 4xx answer; the journeys send bad input on purpose.
        expected = message.text.startswith(EXPECTED_4XX)
        if message.type == "error" and not expected:
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield errors
    assert errors == []


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_SOURCE.exists():
        _missing(f"{AXE_SOURCE} (run make test, which installs axe-core)")
    return AXE_SOURCE.read_text()


@pytest.fixture
def audit(page, axe_source):
    """Run axe-core on a page (the test's own by default) as it is now and expect zero
    violations of the WCAG 2.1 AA rules."""

    def run(label: str, target=None) -> None:
        target = target or page
        # Evaluated by the browser's debugger, which the page's CSP does not restrict.
        target.evaluate(axe_source)
        result = target.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        violations = [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:5],
            }
            for v in result["violations"]
        ]
        assert violations == [], f"axe violations on {label}:\n{json.dumps(violations, indent=2)}"

    return run


def log_in(page, base: str, email: str, password: str = factories.PASSWORD) -> None:
    """Sign in through the login form and land on the home page, signed in."""
    page.goto(base + "/login")
    page.get_by_label("Sähköposti").fill(email)
    page.get_by_label("Salasana", exact=True).fill(password)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Hei, "))).to_be_visible()
    expect(page.get_by_role("button", name="Kirjaudu ulos")).to_be_visible()
