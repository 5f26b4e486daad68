"""Flask-Migrate on demand. Importing it imports Alembic, a large share of a worker's
start-up, while only ``scorecard init``, ``scorecard db ...`` and the migration tests ever
migrate. So the app carries a stand-in that loads Flask-Migrate on first use."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from interview import MIGRATIONS_DIR

if TYPE_CHECKING:
    from flask import Flask
    from flask_sqlalchemy import SQLAlchemy


class LazyMigrate:
    """``app.extensions["migrate"]`` until first touched; then Flask-Migrate is set up for
    real (replacing this stand-in) and the attribute comes from its configuration."""

    def __init__(self, app: Flask, db: SQLAlchemy) -> None:
        self._app, self._db = app, db

    def __getattr__(self, name: str) -> Any:
        from flask_migrate import Migrate

        Migrate(self._app, self._db, directory=MIGRATIONS_DIR, render_as_batch=True)
        return getattr(self._app.extensions["migrate"], name)


class MigrateCommands(click.Group):
    """``scorecard db ...``: Flask-Migrate's command group, imported when it is used."""

    @staticmethod
    def _real() -> click.Group:
        from flask_migrate.cli import db

        return db

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self._real().list_commands(ctx)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return self._real().get_command(ctx, name)


def init_migrate(app: Flask, db: SQLAlchemy) -> None:
    app.extensions["migrate"] = LazyMigrate(app, db)
    app.cli.add_command(
        MigrateCommands("db", help="Database migrations (Flask-Migrate): upgrade, migrate, ..."),
    )
