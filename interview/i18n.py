"""Which language a page is shown in: the user's choice, else the browser's."""

from __future__ import annotations

from flask import current_app, request, session

SESSION_KEY = "locale"


def available_locales() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def select_locale() -> str:
    chosen = session.get(SESSION_KEY)
    if chosen in available_locales():
        return chosen
    return (
        request.accept_languages.best_match(available_locales())
        or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def choose_locale(locale: str) -> bool:
    """Remember the user's language for this session; refuses unknown locales."""
    if locale not in available_locales():
        return False
    session[SESSION_KEY] = locale
    return True
