"""Answers that depend on HX-Request say so with Vary, whatever kind of answer they are."""

import pytest


@pytest.mark.parametrize("htmx", [False, True])
def test_the_sign_in_redirect_and_its_htmx_form_vary_on_hx_request(client, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get("/settings/", headers=headers)
    assert response.status_code == (401 if htmx else 302)
    assert "HX-Request" in response.headers.get("Vary", "")


def test_an_error_page_varies_on_hx_request(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "HX-Request" in response.headers.get("Vary", "")


def test_an_answer_that_never_asks_does_not_vary(client):
    response = client.get("/healthz")
    assert "HX-Request" not in response.headers.get("Vary", "")
