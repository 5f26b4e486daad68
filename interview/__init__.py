"""Structured interview scorecards.

``create_app`` builds the Flask app (``interview.app``). Flask is imported only when an app
is built, so commands that need none (``scorecard check-bank``) start fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

MIGRATIONS_DIR = str(Path(__file__).parent / "migrations")


def create_app(test_config: dict[str, Any] | None = None, *, load_bank: bool = True) -> Flask:
    """Build the app (see ``interview.app.create_app``)."""
    from interview.app import create_app as build

    return build(test_config, load_bank=load_bank)


def bare_app() -> Flask:
    """The Flask object with its settings only (see ``interview.app.bare_app``)."""
    from interview.app import bare_app as build

    return build()
