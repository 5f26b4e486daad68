"""The ``scorecard`` command: Flask's CLI plus setup, demo data and the bank check."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click
from flask.cli import FlaskGroup, with_appcontext

if TYPE_CHECKING:
    from flask import Flask

# Imports stay light at module level: `check-bank` must not pay for building the app
# (extensions, models, Alembic, openpyxl), so the app is imported where it is built.


def _create_app() -> Flask:
    from interview import create_app
    from interview.frameworks.services import QuestionBankBroken

    try:
        return create_app()
    except QuestionBankBroken as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)


class ScorecardGroup(FlaskGroup):
    """Flask's command group, except that our own commands are found without first
    importing every installed Flask plugin's commands (Flask-Limiter's pulls in rich)."""

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return self.commands.get(name) or super().get_command(ctx, name)


main = ScorecardGroup(
    create_app=_create_app,
    help="Structured interview scorecards. Run 'scorecard init' once, then 'scorecard run'.",
)


@main.command("init")
@click.option("--admin-email", default="admin@example.com", show_default=True)
@click.option("--admin-name", default="Administrator", show_default=True)
@with_appcontext
def init_command(admin_email: str, admin_name: str) -> None:
    """Create or upgrade the database, load the question bank, create the first admin.

    The admin's password comes from SCORECARD_ADMIN_PASSWORD, else a prompt when run in a
    terminal, else it is generated and printed once.
    """
    from interview import setup

    setup.upgrade_database()
    _report_sync(setup.load_bank_into_database())
    if setup.admin_exists():
        click.echo("An admin account exists already; none created.")
        return
    password, shown = _admin_password()
    try:
        setup.create_admin(admin_email, admin_name, password)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Admin created: {admin_email}")
    if shown:
        click.echo(f"Generated password (shown once, store it now): {password}")


def _admin_password() -> tuple[str, bool]:
    from interview.auth.services import generate_password

    if os.environ.get("SCORECARD_ADMIN_PASSWORD"):
        return os.environ["SCORECARD_ADMIN_PASSWORD"], False
    if sys.stdin.isatty():
        password = click.prompt(
            "Password for the first admin", hide_input=True, confirmation_prompt=True
        )
        return password, False
    return generate_password(), True


@main.command("demo")
@click.option("--reset", is_flag=True, help="Delete ALL data in the database first.")
@with_appcontext
def demo_command(reset: bool) -> None:
    """Fill the database with German demo data and print the demo users' passwords.

    An existing demo is kept as it is (its passwords stay as printed when it was made);
    --reset deletes ALL data and creates fresh demo data with new passwords. Refuses a
    database that holds real users, unless --reset.
    """
    from interview import demo, setup

    setup.upgrade_database()
    _report_sync(setup.load_bank_into_database())
    present = demo.existing_demo()
    if present and not reset:
        click.echo(
            f"Demo data is already there ({len(present)} demo accounts, e.g. {present[0]}); "
            "kept as it is, with the passwords printed when it was created. Start the app "
            "with 'scorecard run'. 'scorecard demo --reset' deletes ALL data and creates "
            "fresh demo data with new passwords."
        )
        return
    try:
        accounts = demo.fill(reset=reset)
    except demo.DatabaseNotEmpty as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo("Demo data created. Sign in with one of these accounts:")
    width = max(len(a.email) for a in accounts)
    for account in accounts:
        roles = ", ".join(account.roles)
        click.echo(f"  {account.email:<{width}}  {account.password}  ({roles})")
    click.echo("Next time, 'scorecard run' is enough: the demo data stays.")


@main.command("check-bank", with_appcontext=False)  # AppGroup would build the app
@click.argument("path", required=False, type=click.Path(file_okay=False))
def check_bank_command(path: str | None) -> None:
    """Validate a question-bank folder (default: the configured one).

    Prints what was loaded, or every problem as path:line: message and exits 1. The
    console script runs it without Flask (interview.entry); this is the same check.
    """
    from interview.bank_check import run

    sys.exit(run(path))


def _report_sync(results) -> None:
    for result in results:
        state = "stored" if result.created else "already stored"
        f = result.framework
        click.echo(f"Framework {f.id} version {f.version}: {state}")


@main.command("export")
@click.option("--requisition", "requisition_id", type=int, required=True, help="Requisition id.")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "xlsx", "json"]), required=True,
    help="csv/xlsx: the comparison of all candidates; json: every consolidated scorecard.",
)  # fmt: skip
@click.option(
    "--output", type=click.Path(dir_okay=False, writable=True),
    help="File to write (CSV with a byte-order mark for Excel). Default: standard output; "
    "xlsx needs a file.",
)  # fmt: skip
@with_appcontext
def export_command(requisition_id: int, fmt: str, output: str | None) -> None:
    """Export one requisition: the candidates × areas comparison (csv, xlsx) or a list of
    every candidate's consolidated scorecard (json, as the web's results.json).

    An operator tool: it reads the database directly and exports ALL data, ignoring roles
    and independent scoring (ratings that the web hides from a panel member who has not
    submitted are included). Texts are in the default language (BABEL_DEFAULT_LOCALE).
    Exits 1 for an unknown requisition, and for xlsx without --output.
    """
    from flask import current_app
    from flask_babel import force_locale

    from interview.extensions import db
    from interview.models import Requisition
    from interview.notifications.render import installation_zone
    from interview.results.exports import requisition_export

    if fmt == "xlsx" and output is None:
        raise click.ClickException("XLSX is a binary format: give --output FILE.")
    requisition = db.session.get(Requisition, requisition_id)
    if requisition is None:
        raise click.ClickException(f"No requisition with id {requisition_id}.")
    # no request here, so no browser language: the installation's default
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        data = requisition_export(requisition, fmt, installation_zone())
    if output is None:
        click.echo(data.decode("utf-8-sig"), nl=False)  # no byte-order mark in a pipe
        return
    with open(output, "wb") as fh:
        fh.write(data)
    click.echo(f"Wrote {output}", err=True)


@main.group("token")
def token_group() -> None:
    """Personal access tokens for the API (users make their own on their account page)."""


@token_group.command("create")
@click.option("--user", "email", required=True, help="E-mail address of the user.")
@click.option("--scope", type=click.Choice(["read", "write"]), required=True,
              help="read: GET requests only; write: also changes.")  # fmt: skip
@click.option("--name", default="command line", show_default=True, help="What it is for.")
@with_appcontext
def token_create_command(email: str, scope: str, name: str) -> None:
    """Make a token for a user and print it (once: only its hash is stored). The token
    acts with that user's roles. Exits 1 for an unknown or deactivated user."""
    from sqlalchemy import select

    from interview.api.tokens import create_token
    from interview.auth.services import normalise_email
    from interview.extensions import db
    from interview.models import User
    from interview.problems import Refused

    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise click.ClickException(f"No user with the e-mail address {email}.")
    try:
        _row, token = create_token(user, name, scope)
    except Refused as refusal:
        raise click.ClickException(refusal.message) from None
    db.session.commit()
    click.echo(token)
