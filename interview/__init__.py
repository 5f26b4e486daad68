"""Structured interview scorecards.

``create_app`` builds the Flask app (``interview.app``). Flask is imported only when an app
is built, so commands that need none (``scorecard check-bank``) start fast.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

MIGRATIONS_DIR = str(Path(__file__).parent / "migrations")


def create_app(test_config: dict[str, Any] | None = None, *, load_bank: bool = True) -> Flask:
    """Build the app (see ``interview.app.create_app``).

    The cyclic garbage collector pauses meanwhile: importing Flask, SQLAlchemy and the
    blueprints makes some hundred thousand objects that all stay, and the collector would
    scan them again and again for nothing (about 5 % of a worker's start)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        from interview.app import create_app as build

        return build(test_config, load_bank=load_bank)
    finally:
        if collecting:
            gc.enable()


def bare_app() -> Flask:
    """The Flask object with its settings only (see ``interview.app.bare_app``)."""
    from interview.app import bare_app as build

    return build()
