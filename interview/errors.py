"""Error pages in the app's own layout, with messages a user can act on."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


def init_errors(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)


def _csrf_error(error: CSRFError):
    return render_template(
        "errors/error.html",
        title=_("Form expired"),
        message=_(
            "The form was sent without a valid security token. Reload the page and try again."
        ),
    ), 400


def _http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    titles = {
        403: _("Not allowed"),
        404: _("Not found"),
        405: _("Method not allowed"),
    }
    messages = {
        403: _("You do not have access to this page."),
        404: _("This page does not exist, or you have no access to it."),
    }
    if error.code == 403 and error.description != type(error).description:
        messages[403] = error.description  # a specific reason given by the view
    return render_template(
        "errors/error.html",
        title=titles.get(error.code, error.name),
        message=messages.get(error.code, error.description),
    ), error.code
