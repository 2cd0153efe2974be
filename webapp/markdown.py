"""Markdown for quest descriptions and badge criteria, sanitised twice over.

markdown-it renders CommonMark with raw HTML switched off, and nh3 (a
maintained sanitiser) then keeps only safe tags, so neither alone has to be
perfect.
"""

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False})
_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "code", "pre", "blockquote", "h3", "h4",
}  # fmt: skip


def render(text: str | None) -> Markup:
    html = _renderer.render(text or "")
    # Headings from authors sit under the page's own h1/h2.
    for level in ("1", "2"):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 just above
