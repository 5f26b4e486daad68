"""Markdown from the question bank to safe HTML, and the Jinja filters that use it."""

from __future__ import annotations

import markdown
import nh3
from flask import Flask
from flask_babel import get_locale
from markupsafe import Markup

from interview import labels

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "hr", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


def render_markdown(text: str | None) -> Markup:
    """Render, then sanitise: raw HTML in a bank file never reaches the browser as code."""
    if not text:
        return Markup("")
    html = markdown.markdown(text, extensions=["sane_lists", "tables"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)  # noqa: S704  (sanitised by nh3 just above)


def render_inline(text: str | None) -> Markup:
    """One-line bank text (labels, questions) with inline Markdown but no block tags."""
    html = str(render_markdown(text)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)  # noqa: S704  (already sanitised)


def init_rendering(app: Flask) -> None:
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale())
    app.jinja_env.globals["labels"] = labels
    app.add_template_filter(render_markdown, "markdown")
    app.add_template_filter(render_inline, "markdown_inline")
