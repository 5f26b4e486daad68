"""The application factory: settings, extensions, blueprints, security, error pages."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from interview import MIGRATIONS_DIR
from interview.config import (
    ENV_PREFIX,
    PROJECT_ROOT,
    engine_options,
    load_secret_key,
    load_settings,
    normalise_database_url,
    sqlite_url,
)


def create_app(test_config: dict[str, Any] | None = None, *, load_bank: bool = True) -> Flask:
    """Build the app. ``load_bank=False`` is for commands that check a bank themselves."""
    app = bare_app()
    configure(app, test_config)
    register_extensions(app)
    register_edges(app)
    if load_bank:
        register_question_bank(app)
    register_blueprints(app)
    register_api(app)
    register_security(app)
    register_template_helpers(app)
    register_notifications(app)
    register_privacy(app)
    return app


def bare_app() -> Flask:
    """The Flask object with its settings (steps 1 to 3 of the load order) and nothing else.

    Cheap: no extensions, no database, no files written. For commands that only read settings.
    """
    app = Flask(
        "interview",  # the package, not this module: root, static and instance paths
        instance_path=os.environ.get(f"{ENV_PREFIX}_INSTANCE_PATH") or None,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    load_settings(app.config)
    return app


def configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    os.makedirs(app.instance_path, exist_ok=True)
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if test_config:
        app.config.from_mapping(test_config)
    uri = app.config.get("SQLALCHEMY_DATABASE_URI") or sqlite_url(app.instance_path)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(uri)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config, uri)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_secret_key(app.instance_path)


def register_extensions(app: Flask) -> None:
    from interview import models  # noqa: F401  (every table known before Alembic looks)
    from interview.extensions import babel, csrf, db, login_manager, migrate
    from interview.i18n import select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)


def register_edges(app: Flask) -> None:
    from interview.edges import init_edges

    init_edges(app)


def register_question_bank(app: Flask) -> None:
    from interview.frameworks.services import FrameworkCache, load_configured_bank

    bank = load_configured_bank(app.config["QUESTION_BANK_PATH"])
    app.extensions["question_bank"] = bank
    # The live bank's versions are already parsed: stored rows of the same version need
    # no second parse (a version is a hash of the content).
    cache = app.extensions.setdefault("framework_cache", FrameworkCache())
    for framework in bank.frameworks:
        cache.put((framework.id, framework.version), framework)


def register_blueprints(app: Flask) -> None:
    from interview.account.views import bp as account_bp
    from interview.admin.views import bp as admin_bp
    from interview.assignments.views import bp as assignments_bp
    from interview.auth.views import bp as auth_bp
    from interview.candidates.views import bp as candidates_bp
    from interview.council.views import bp as council_bp
    from interview.frameworks.views import bp as frameworks_bp
    from interview.kit.views import bp as kit_bp
    from interview.loops.views import bp as loops_bp
    from interview.main.views import bp as main_bp
    from interview.notifications.views import bp as notifications_bp
    from interview.privacy.views import bp as privacy_bp
    from interview.quality.settings import check_settings
    from interview.quality.views import bp as quality_bp
    from interview.requisitions.views import bp as requisitions_bp
    from interview.results.compare_views import bp as compare_bp
    from interview.results.export_views import bp as exports_bp
    from interview.results.views import bp as results_bp
    from interview.webhooks.views import bp as webhooks_bp

    for blueprint in (
        auth_bp, main_bp, frameworks_bp, account_bp, admin_bp,
        requisitions_bp, candidates_bp, loops_bp, assignments_bp, kit_bp,
        results_bp, compare_bp, exports_bp, notifications_bp, privacy_bp,
        council_bp, webhooks_bp, quality_bp,
    ):  # fmt: skip
        app.register_blueprint(blueprint)
    check_settings(app.config)


def register_api(app: Flask) -> None:
    from interview.api import init_api
    from interview.api.reference import bp as reference_bp

    init_api(app)
    app.register_blueprint(reference_bp)


def register_security(app: Flask) -> None:
    from interview.security import init_security

    init_security(app)


def register_notifications(app: Flask) -> None:
    from interview.notifications import init_notifications

    init_notifications(app)


def register_privacy(app: Flask) -> None:
    from interview.privacy.cli import retention_command

    for name in ("RETENTION_REJECTED_DAYS", "RETENTION_HIRED_DAYS"):
        if not isinstance(app.config[name], int) or app.config[name] < 0:
            raise ValueError(f"{name} must be a whole number of days (0 or more)")
    app.cli.add_command(retention_command)


def register_template_helpers(app: Flask) -> None:
    from interview.errors import init_errors
    from interview.rendering import init_rendering

    init_rendering(app)
    init_errors(app)
