"""Bad input gets a clear answer at one place each, never a 500.

The seeded fuzzer (test_fuzz.py) walks every route; these pin each mechanism down.
"""

import pytest

from tests import factories
from tests.conftest import page_token
from webapp.converters import ID_MAX


@pytest.mark.parametrize("big", [ID_MAX + 1, 2**63, 10**30])
def test_an_id_too_large_for_its_column_is_not_found(client, login_as, big):
    login_as("teacher")
    assert client.get(f"/quests/{big}").status_code == 404
    assert client.get(f"/teach/cohorts/{big}").status_code == 404
    token = page_token(client, "/settings/")
    response = client.post(f"/review/{big}/approve", data={"csrf_token": token})
    assert response.status_code == 404


def test_the_largest_id_the_column_holds_still_reaches_the_view(client, login_as):
    login_as("teacher")
    # Found by the route, then not found in the table: the view's own 404.
    assert client.get(f"/quests/{ID_MAX}").status_code == 404
    assert client.get(f"/competitions/{ID_MAX}").status_code == 404


@pytest.mark.parametrize("document", ["7", '"text"', "null", "[1, 2]", '{"name": "x"}'])
def test_a_json_body_sent_to_a_form_is_refused_with_a_message(client, login_as, document):
    login_as("student")
    token = page_token(client, "/settings/")
    response = client.post(
        "/settings/profile",
        data=document,
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 415
    assert "Tämä osoite ottaa vastaan lomakkeen" in response.get_data(as_text=True)


def test_raw_bytes_to_a_form_are_refused(client, login_as):
    login_as("student")
    token = page_token(client, "/settings/")
    response = client.post(
        "/settings/profile",
        data=b"\xff\xfe\x00garbage",
        content_type="application/octet-stream",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 415


def test_a_form_sent_to_the_json_endpoint_is_refused(client, login_as):
    login_as("student")
    token = page_token(client, "/settings/")
    response = client.post(
        "/push/subscriptions/remove", data={"endpoint": "x"}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 415


def test_an_empty_post_is_still_a_form(client, login_as):
    """htmx and plain buttons may post nothing at all; the CSRF check then answers."""
    login_as("student")
    assert client.post("/notifications/read").status_code == 400


@pytest.mark.parametrize(
    "path", ["/verify/%00", "/verify/a%00b/badge.png", "/ob/badges/%00", "/quests?tab=%00"]
)
def test_nul_in_the_address_is_a_bad_request(client, login_as, path):
    login_as("student")
    response = client.get(path)
    assert response.status_code == 400
    assert "Pyyntöä ei ymmärretty" in response.get_data(as_text=True)


def test_nul_in_a_form_field_is_refused_and_nothing_is_saved(client, login_as, data):
    person = login_as("student", name="Ennen")
    token = page_token(client, "/settings/")
    response = client.post(
        "/settings/profile", data={"csrf_token": token, "name": "Nolla\x00merkki", "locale": "fi"}
    )
    assert response.status_code == 400
    with data() as session:
        from quests.models import User

        assert session.get(User, person.id).name == "Ennen"


def test_a_badge_whose_image_file_is_missing_is_not_found_and_logged(client, data, app, caplog):
    from webapp import storage
    from webapp.badges import images as badge_images

    with data() as session:
        teacher = factories.user(session, "teacher")
        badge = factories.badge_class(session, teacher)
        public_id, image_name = badge.public_id, badge.image_name
    with app.app_context():
        storage.path_for(image_name, badge_images.AREA).unlink()
    response = client.get(f"/ob/badges/{public_id}/image")
    assert response.status_code == 404
    assert "a stored file is missing" in caplog.text
