"""The same URL answers a whole page, or for htmx only the block it swaps."""

from flask import Response, g, make_response, render_template, request
from jinja2_fragments.flask import render_block

# The vendored copy in static/vendor/, from npm htmx.org.
HTMX_VERSION = "2.0.11"


def is_htmx() -> bool:
    """Whether htmx asked; asking marks the answer as varying on it (see vary_on_htmx)."""
    g.answer_varies_on_htmx = True
    return request.headers.get("HX-Request") == "true"


def vary_on_htmx(response: Response) -> Response:
    """Every answer that looked at HX-Request says so, so no cache serves a fragment for a
    page or a page for a fragment: redirects, 204s and errors as much as rendered blocks."""
    if g.get("answer_varies_on_htmx"):
        response.vary.add("HX-Request")
    return response


def render_page_or_block(template: str, block: str, status: int = 200, **context):
    if is_htmx():
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    return make_response(body, status)
