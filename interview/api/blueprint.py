"""The API's one blueprint, and how its views run a service change."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import url_for
from flask_smorest import Blueprint
from werkzeug.exceptions import UnprocessableEntity

from interview.api.auth import rate_limit_key, require_token
from interview.extensions import db, limit_from_setting
from interview.problems import Refused

T = TypeVar("T")

bp = Blueprint("api", __name__, url_prefix="/api/v1", description="Interview scorecards API")
bp.before_request(require_token)
# The same limiter as the login, counted per token (per address without one).
limit_from_setting("API_RATE_LIMIT", key_func=rate_limit_key)(bp)


def commit(change: Callable[[], T]) -> T:
    """Run a service change and commit it, or roll it back and answer 422 with the
    service's reason (the same refusal the web form shows), per field where it has one."""
    try:
        result = change()
    except Refused as refusal:
        db.session.rollback()
        error = UnprocessableEntity(description=refusal.message)
        error.data = {"errors": {refusal.field or "_": [refusal.message]}}
        raise error from None
    db.session.commit()
    return result


def link(endpoint: str, **values) -> str:
    """The web page of an object, as an absolute URL."""
    return url_for(endpoint, _external=True, **values)


def page_of(pagination, items: list) -> dict:
    return {"items": items, "page": pagination.page, "per_page": pagination.per_page,
            "total": pagination.total or 0, "pages": pagination.pages}  # fmt: skip
