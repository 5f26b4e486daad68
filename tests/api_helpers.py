"""Helpers for API tests: personal access tokens made through the service."""

from __future__ import annotations

from interview.api.tokens import create_token
from interview.extensions import db
from interview.models import User


def token_for(app, user: User, scope: str = "write") -> str:
    with app.app_context():
        _row, token = create_token(db.session.merge(user), "test", scope)
        db.session.commit()
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
