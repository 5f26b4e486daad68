"""``scorecard retention``: a thin command over ``interview.privacy.retention``."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import with_appcontext


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter("expected a date as YYYY-MM-DD") from exc


@click.command("retention")
@click.option("--apply", "do_apply", is_flag=True, help="Anonymise the candidates listed.")
@click.option(
    "--as-of", callback=_day, metavar="YYYY-MM-DD", help="Evaluate as if it were that day."
)
@with_appcontext
def retention_command(do_apply: bool, as_of: date | None) -> None:
    """List the candidates whose retention period has run out (changes nothing), or
    anonymise them with --apply: name, contact data and every free text about them go,
    ratings and dates stay. Legal holds and talent-pool consents are respected."""
    from interview.db import utcnow
    from interview.extensions import db
    from interview.privacy import retention
    from interview.privacy.policy import Standing

    day = as_of or retention.local_day(utcnow())
    assessed = retention.assess_all(day)
    found = [a for a in assessed if a.assessment.standing is Standing.DUE]
    held = sum(1 for a in assessed if a.assessment.standing is Standing.HELD)
    consent = sum(1 for a in assessed if a.assessment.standing is Standing.CONSENT)
    click.echo(f"Retention as of {day.isoformat()}: {len(found)} candidate(s) due.")
    for item in found:
        c = item.candidate
        click.echo(
            f"  #{c.id} {c.name}  ({item.closed_as}; due since "
            f"{item.assessment.due_on.isoformat()})"
        )
    click.echo(f"Kept: {held} on legal hold, {consent} in the talent pool.")
    if not do_apply:
        if found:
            click.echo("Nothing changed. Run with --apply to anonymise them.")
        return
    retention.apply(day)
    db.session.commit()
    click.echo(f"Anonymised {len(found)} candidate(s).")
