"""The ``scorecard`` command: Flask's CLI plus setup, demo data and the bank check."""

from __future__ import annotations

import os
import sys

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext

from interview import create_app
from interview.frameworks.services import QuestionBankBroken


def _create_app() -> Flask:
    try:
        return create_app()
    except QuestionBankBroken as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)


main = FlaskGroup(
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

    Refuses a database that holds data other than earlier demo data, unless --reset.
    """
    from interview import demo, setup

    setup.upgrade_database()
    _report_sync(setup.load_bank_into_database())
    try:
        accounts = demo.fill(reset=reset)
    except demo.DatabaseNotEmpty as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo("Demo data created. Sign in with one of these accounts:")
    width = max(len(a.email) for a in accounts)
    for account in accounts:
        roles = ", ".join(account.roles)
        click.echo(f"  {account.email:<{width}}  {account.password}  ({roles})")


@main.command("check-bank")
@click.argument("path", required=False, type=click.Path(file_okay=False))
def check_bank_command(path: str | None) -> None:
    """Validate a question-bank folder (default: the configured one).

    Prints what was loaded, or every problem as path:line: message and exits 1.
    """
    from interview.question_bank import BankInvalid, load_bank

    if path is None:
        path = create_app(load_bank=False).config["QUESTION_BANK_PATH"]
    try:
        bank = load_bank(path)
    except BankInvalid as exc:
        for error in exc.errors:
            click.echo(str(error), err=True)
        click.echo(f"{len(exc.errors)} problem(s) found; nothing was loaded.", err=True)
        sys.exit(1)
    for framework in bank.frameworks:
        levels = ", ".join(lv.title for lv in framework.levels) or "none (target per area)"
        scale = ", ".join(
            f"{p.value}" + (f" {p.label}" if p.label else "") for p in framework.scale
        )
        click.echo(f"{framework.id} ({framework.title}), version {framework.version}")
        click.echo(f"  language: {framework.language}")
        click.echo(f"  scale: {len(framework.scale)} points: {scale}")
        click.echo(f"  levels: {levels}")
        click.echo(f"  areas: {len(framework.areas)}, questions: {framework.question_count}")
        for area in framework.areas:
            target = f", target {area.target}" if area.target is not None else ""
            click.echo(f"    {area.id}: {area.title} ({len(area.questions)} questions{target})")
    click.echo(f"OK: {len(bank.frameworks)} framework(s) in {path}")


def _report_sync(results) -> None:
    for result in results:
        state = "stored" if result.created else "already stored"
        f = result.framework
        click.echo(f"Framework {f.id} version {f.version}: {state}")
