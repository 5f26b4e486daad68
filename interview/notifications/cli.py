"""``scorecard worker`` and ``scorecard send-due``: thin commands over the worker module."""

from __future__ import annotations

import logging
import signal
import sys
import threading

import click
from flask.cli import with_appcontext

from interview.notifications import worker

log = logging.getLogger("interview.notifications")


def _log_to_stderr() -> None:
    """Mails of the console transport and the worker's progress go to the log: show it."""
    log.setLevel(logging.INFO)
    if not logging.getLogger().handlers and not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        log.addHandler(handler)


@click.command("worker")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between deliveries.")
@click.option(
    "--scan-every",
    default=60.0,
    show_default=True,
    help="Seconds between looks for due reminders, overdue scorecards and digests.",
)
@with_appcontext
def worker_command(interval: float, scan_every: float) -> None:
    """Deliver notifications until stopped (Ctrl-C or SIGTERM).

    Any number of workers may run at once, on any number of servers: each message is
    sent once.
    """
    _log_to_stderr()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        worker.run_worker(stop, interval=interval, scan_every=scan_every)
    except KeyboardInterrupt:
        stop.set()


@click.command("send-due")
@with_appcontext
def send_due_command() -> None:
    """Queue what is due (reminders, overdue scorecards, digests), send every due
    message once, print a summary and exit (for cron or a systemd timer)."""
    _log_to_stderr()
    queued, report = worker.send_due()
    click.echo(
        f"Queued: {queued.reminder} reminder(s), {queued.due} scorecard(s) due, "
        f"{queued.overdue} overdue, {queued.digest} digest(s)."
    )
    click.echo(
        f"Delivered: {report.sent} sent, {report.retrying} to retry, {report.failed} failed."
    )
