"""Markdown from the question bank to safe HTML, and the Jinja filters that use it."""

from __future__ import annotations

import threading
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING

import nh3
from babel.numbers import format_decimal as format_decimal_for
from flask import Flask
from flask_babel import format_date, format_time, get_locale, get_timezone
from markupsafe import Markup

from interview import labels
from interview.navigation import navigation

if TYPE_CHECKING:
    import markdown

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "hr", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


# Bank text never changes within a framework version, and the same few hundred snippets are
# shown on every kit and results page: render each one once per process, not per request.
CACHE_SIZE = 8192


def render_markdown(text: str | None) -> Markup:
    """Render, then sanitise: raw HTML in a bank file never reaches the browser as code."""
    if not text:
        return Markup("")
    return Markup(_render_block(text))  # noqa: S704  (sanitised by nh3 in _render_block)


def render_inline(text: str | None) -> Markup:
    """One-line bank text (labels, questions) with inline Markdown but no block tags."""
    if not text:
        return Markup("")
    return Markup(_render_inline(text))  # noqa: S704  (sanitised by nh3 in _render_block)


@lru_cache(maxsize=CACHE_SIZE)
def _render_block(text: str) -> str:
    converter = _converter()
    html = converter.reset().convert(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


@lru_cache(maxsize=CACHE_SIZE)
def _render_inline(text: str) -> str:
    html = _render_block(text).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html


_local = threading.local()


def _converter() -> markdown.Markdown:
    """One Markdown parser per thread (building one costs more than converting a line)."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        import markdown  # not at start: /healthz and most pages render no bank text

        converter = markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")
        _local.converter = converter
    return converter


def init_rendering(app: Flask) -> None:
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale())
    app.jinja_env.globals["labels"] = labels
    app.jinja_env.globals["navigation"] = navigation
    app.add_template_filter(render_markdown, "markdown")
    app.add_template_filter(render_inline, "markdown_inline")
    app.add_template_filter(number, "number")
    app.add_template_filter(signed, "signed")
    app.add_template_filter(moment, "moment")


def number(value: float | None, empty: str = "–") -> str:
    """A rating or mean in the page's language: "2,5" in German, "2.5" in English; at
    most two decimals, none when whole."""
    if value is None:
        return empty
    return _decimal(value, "#,##0.##", str(get_locale()))


def signed(value: float) -> str:
    """A gap with its sign: "+1", "−0,5" (a real minus sign), "0"."""
    if not value:
        return number(0)
    return _decimal(value, "+#,##0.##;−#,##0.##", str(get_locale()))


@lru_cache(maxsize=4096)
def _decimal(value: float, pattern: str, locale: str) -> str:
    """Pages show the same few means and gaps again and again; Babel parses the pattern
    and looks the locale up on every call."""
    return format_decimal_for(value, format=pattern, locale=locale)


def moment(value: datetime) -> str:
    """Day and time of an interview in the user's language and time zone, as the pages
    write them: "Monday, 30 November 2026, 19:08"."""
    return _moment(value, str(get_locale()), str(get_timezone()))


@lru_cache(maxsize=4096)
def _moment(value: datetime, _locale: str, _zone: str) -> str:
    """Keyed by the language and zone the Flask-Babel calls below use: a list of fifty
    interviews paid some fifty microseconds each on every request."""
    return f"{format_date(value, 'full')}, {format_time(value, 'short')}"
