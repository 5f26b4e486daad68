"""Which language a page is shown in: the user's choice, else the browser's."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, request, session
from flask_babel import get_translations
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

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


# --- translating templates fast -----------------------------------------------------------------

#: the template context variable that carries the request's catalog
CATALOG = "_catalog"


def install_template_gettext(app: Flask) -> None:
    """``_()``, ``gettext()`` and ``ngettext()`` in templates look the request's catalog up
    once per rendered template, and call it directly. Flask-Babel's callables resolve the
    request context, the domain and the locale (about ten context-local lookups) for every
    string, behind two more layers of Jinja calls: on the consolidated scorecard's 130
    strings that was a fifth of the page. Same behaviour as Jinja's "newstyle" gettext:
    the result is escaped-safe Markup under autoescape and always %-formatted."""

    @app.context_processor
    def catalog() -> dict[str, Any]:
        return {CATALOG: get_translations()}

    def translations(context: Context) -> Any:
        found = context.get(CATALOG)
        return found if found is not None else get_translations()

    @pass_context
    def gettext(context: Context, message: str, /, **variables: Any) -> str:
        text = translations(context).ugettext(message)
        if context.eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704  (our own catalog; Jinja does the same)
        # most strings have nothing to fill in: skip formatting unless a % could matter
        return text % variables if variables or "%" in text else text

    @pass_context
    def ngettext(
        context: Context, singular: str, plural: str, num: int, /, **variables: Any
    ) -> str:
        variables.setdefault("num", num)
        text = translations(context).ungettext(singular, plural, num)
        if context.eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704  (our own catalog; Jinja does the same)
        return text % variables

    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  (jinja2.ext.i18n)
        gettext=lambda s: get_translations().ugettext(s),
        ngettext=lambda s, p, n: get_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: get_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: get_translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext)
