"""Services behind 'scorecard init': database schema, bank snapshot, first admin."""

from __future__ import annotations

from interview import MIGRATIONS_DIR
from interview.auth.services import admin_exists, create_user
from interview.extensions import db
from interview.frameworks.services import SyncResult, current_bank, sync_bank
from interview.models import Role

__all__ = ["admin_exists", "create_admin", "load_bank_into_database", "upgrade_database"]


def upgrade_database() -> None:
    """Create the schema on an empty database, or bring an older one to the newest revision."""
    import flask_migrate  # Alembic: loaded only where the schema is migrated

    flask_migrate.upgrade(directory=MIGRATIONS_DIR)


def load_bank_into_database() -> list[SyncResult]:
    results = sync_bank(current_bank())
    db.session.commit()
    return results


def create_admin(email: str, name: str, password: str) -> None:
    create_user(email, name, password, {Role.ADMIN.value})
    db.session.commit()
