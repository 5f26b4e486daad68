"""Why a kit field was refused, in the user's language (for form errors and autosave JSON)."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

from interview.agg import find, load_words, terms_for
from interview.labels import AGG_GROUND


def field_message(code: str, limit: int = 0) -> str:
    """The message for a ``fields.FieldError`` code (see there for the codes)."""
    if code == "nul":
        return _("This text contains a control character (NUL) that cannot be saved. Remove it.")
    if code == "surrogate":
        return _("This text contains a broken character that cannot be saved. Remove it.")
    if code == "too_long":
        return _("Too long: at most %(num)d characters.", num=limit)
    if code == "not_on_scale":
        return _("Not a point of the rating scale.")
    if code == "unknown_recommendation":
        return _("Not one of the recommendations.")
    if code == "bad_base":
        return _("This page is out of date. Reload it; nothing typed on it is lost.")
    return _("This field cannot be saved here. Reload the page.")


def protected_ground_notice(text: str, language: str) -> str | None:
    """A gentle reminder when a note mentions a ground the AGG protects (never a refusal:
    the interviewer may have written down what the candidate said of their own accord)."""
    words = load_words(current_app.config["AGG_WORDS_PATH"])
    hits = find(text, terms_for(words, language))
    if not hits:
        return None
    grounds = ", ".join(str(AGG_GROUND[h.ground]) for h in hits)
    return _("This mentions %(grounds)s: it must not influence the rating.", grounds=grounds)
