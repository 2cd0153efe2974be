"""The same URL answers a whole page, or for htmx only the block it swaps."""

from flask import make_response, render_template, request
from jinja2_fragments.flask import render_block

# The vendored copy in static/vendor/, from npm htmx.org.
HTMX_VERSION = "2.0.11"


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def render_page_or_block(template: str, block: str, status: int = 200, **context):
    if is_htmx():
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response
