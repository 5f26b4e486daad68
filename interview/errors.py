"""Error pages in the app's own layout, with messages a user can act on.

Pages for server and database failures roll the session back first and render without
touching the database (the signed-in user is not looked up again), so the error page itself
cannot fail the way the request did. JSON requests get JSON errors with a reason; the
API (``/api/``) answers every error as RFC 9457 problem details
(``application/problem+json``: ``type``, ``title``, ``status``, ``detail``, ``instance``,
and ``errors`` per field where the request body or query did not validate).
"""

from __future__ import annotations

import logging

from flask import Flask, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError

from interview.extensions import db

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def init_errors(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(DataError, _data_error)
    app.register_error_handler(OperationalError, _database_unavailable)
    app.register_error_handler(PoolTimeout, _database_unavailable)
    app.register_error_handler(InternalServerError, _internal_error)


def wants_json() -> bool:
    return (
        request.path.startswith("/api/")
        or request.is_json
        or request.accept_mimetypes.best == "application/json"
    )


PROBLEM_MIMETYPE = "application/problem+json"


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def problem(status: int, title: str, detail: str, *, headers=None, errors=None):
    """An RFC 9457 problem details response."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail,
            "instance": request.path}  # fmt: skip
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = status
    response.mimetype = PROBLEM_MIMETYPE
    response.headers.extend(headers or {})
    return response


def _page(status: int, title: str, message: str, *, bare: bool = False, headers=None, errors=None):
    if is_api_request():
        return problem(status, title, message, headers=headers, errors=errors)
    if wants_json():
        return {"status": status, "title": title, "detail": message}, status, headers or {}
    if bare:
        _forget_user()
    html = render_template("errors/error.html", title=title, message=message)
    return html, status, headers or {}


def _csrf_error(error: CSRFError):
    return _page(
        400,
        _("Form expired"),
        _("The form was sent without a valid security token. Reload the page and try again."),
    )


def _http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    if error.code >= 500:
        return _internal_error(error)
    titles = {
        400: _("Request not understood"),
        401: _("Not signed in"),
        403: _("Not allowed"),
        404: _("Not found"),
        405: _("Method not allowed"),
        413: _("Too large"),
        422: _("Not accepted"),
        429: _("Too many attempts"),
    }
    messages = {
        400: _("The request could not be understood. Go back, check what you entered and "
               "try again."),
        403: _("You do not have access to this page."),
        404: _("This page does not exist, or you have no access to it."),
        413: _("What you sent is larger than this app accepts."),
    }  # fmt: skip
    if error.description != type(error).description:
        messages[error.code] = error.description  # a specific reason given by the view
    headers = dict(error.get_headers()) if error.code in (401, 405, 429) else {}
    headers.pop("Content-Type", None)
    data = getattr(error, "data", None) or {}  # webargs: the fields that did not validate
    return _page(
        error.code,
        titles.get(error.code, error.name),
        messages.get(error.code, error.description),
        headers=headers,
        errors=data.get("errors") or data.get("messages"),
    )


def _data_error(error: DataError):
    """A value the database refused (out of range, malformed): the input's fault."""
    rollback_quietly()
    log.warning("database refused a value: %s", error.orig)
    return _page(
        400,
        _("Request not understood"),
        _("A value you sent cannot be stored (too large, or in the wrong format). Go back, "
          "check what you entered and try again."),
        bare=True,
    )  # fmt: skip


def _database_unavailable(error: Exception):
    rollback_quietly()
    log.error("database unavailable: %s", getattr(error, "orig", error))
    return _page(
        503,
        _("Temporarily unavailable"),
        _("The database does not answer right now. Nothing you saved before is lost. Wait "
          "a moment, then reload the page."),
        bare=True,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )  # fmt: skip


def _internal_error(error: Exception):
    original = getattr(error, "original_exception", None)
    if isinstance(original, OperationalError | PoolTimeout) or (
        isinstance(original, DBAPIError) and original.connection_invalidated
    ):
        return _database_unavailable(original)
    rollback_quietly()
    return _page(
        500,
        _("Something went wrong"),
        _("The page could not be shown because of an error on the server. It has been "
          "logged. Go back and try again; if it happens again, tell your administrator."),
        bare=True,
    )  # fmt: skip


def rollback_quietly() -> None:
    try:
        db.session.rollback()
    except Exception:  # the connection may be gone; the page must still render
        log.exception("rollback failed while rendering an error page")


def _forget_user() -> None:
    """Render as if signed out, so the page asks nothing of the database."""
    g._login_user = AnonymousUserMixin()
