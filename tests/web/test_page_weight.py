"""A phone's first load of each main page: compressed, under 60 KB in all and 25 KB of script.

Also: static files carry content-hashed names and may be cached for a year, and the
service worker precaches those same names.
"""

import re
from datetime import UTC, datetime

import pytest

from tests import factories
from tests.conftest import log_in

BUDGET_TOTAL = 60 * 1024
BUDGET_JS = 25 * 1024
PHONE = {"Accept-Encoding": "br, gzip"}
ASSET = re.compile(
    r'<(?:script[^>]*\bsrc|link[^>]*rel="(?:stylesheet|preload)"[^>]*\bhref)="([^"]+)"'
)


@pytest.fixture
def hub(app, data):
    with app.test_request_context(), data() as session:
        teacher = factories.user(session, "teacher")
        student = factories.user(session, "student")
        cohort = factories.cohort(session, teacher=teacher, students=[student])
        for n in range(12):
            factories.goal(session, teacher, student, title=f"Tavoite {n}")
            factories.challenge(session, teacher, cohort)
        badge = factories.badge_class(session, teacher, name="Asiakaspalvelu")
        from quests import badges

        badges.award_by_hand(
            session,
            actor=teacher,
            badge=badge,
            students=[student],
            quest_ids=[],
            narrative="Hyvä",
            now=datetime.now(UTC),
        )
        award = session.scalars(factories.select_awards(student.id)).first()
        return {"student": student.email, "award": award}


def _first_load(client, path: str) -> dict[str, int]:
    page = client.get(path, headers=PHONE)
    assert page.status_code == 200, path
    assert page.headers.get("Content-Encoding") in ("br", "gzip"), path
    html = client.get(path).get_data(as_text=True)
    weights = {"html": len(page.data), "css": 0, "js": 0}
    for url in set(ASSET.findall(html)):
        asset = client.get(url, headers=PHONE)
        assert asset.status_code == 200, url
        kind = "js" if url.endswith(".js") else "css"
        weights[kind] += len(asset.get_data())
    return weights


@pytest.mark.parametrize(
    ("who", "path"),
    [(None, "/login"), ("student", "/"), ("student", "/quests"), (None, "/verify/{award}")],
)
def test_first_load_of_a_main_page_fits_the_budget(app, hub, who, path):
    client = app.test_client()
    if who:
        log_in(client, hub[who])
    weights = _first_load(client, path.format(**hub))
    total = sum(weights.values())
    assert weights["js"] < BUDGET_JS, weights
    assert total < BUDGET_TOTAL, weights


def test_static_files_have_hashed_names_cached_for_a_year(app, client):
    page = client.get("/login").get_data(as_text=True)
    css = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', page)
    assert css, "the stylesheet is linked under a content-hashed name"
    answer = client.get(css.group(1))
    assert answer.status_code == 200 and b"--" in answer.data
    assert "immutable" in answer.headers["Cache-Control"]
    assert "max-age=31536000" in answer.headers["Cache-Control"]
    plain = client.get("/static/css/app.css")
    assert plain.status_code == 200 and "immutable" not in plain.headers["Cache-Control"]
    assert client.get("/static/css/app.000000000000.css").status_code == 404


def test_the_service_worker_precaches_the_hashed_names(client):
    worker = client.get("/sw.js").get_data(as_text=True)
    names = re.findall(r'"(/static/[^"]+)"', worker)
    assert names and all(re.search(r"\.[0-9a-f]{12}\.\w+$", name) for name in names), names
    for name in names:
        assert client.get(name).status_code == 200, name
