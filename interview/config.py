"""Configuration defaults and the order in which they are overridden.

Load order (later wins):
1. ``Defaults`` below: safe for the embedded case (SQLite in ``instance/``).
2. ``instance/config.py`` if it exists (per installation, never committed).
3. Environment: ``DATABASE_URL`` and every ``SCORECARD_<NAME>`` variable
   (values are parsed as JSON when possible, e.g. ``SCORECARD_SESSION_COOKIE_SECURE=true``).
4. ``test_config`` passed to ``create_app`` (tests only).

No secret lives here: ``SECRET_KEY`` is generated into ``instance/secret_key`` on first start.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Config

PROJECT_ROOT = Path(__file__).resolve().parent.parent

ENV_PREFIX = "SCORECARD"


class Defaults:
    SQLALCHEMY_DATABASE_URI: str | None = None  # filled in from the instance folder
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    QUESTION_BANK_PATH = str(PROJECT_ROOT / "question_bank")
    LANGUAGES = ("de", "en")
    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"
    # --- Sign-in, sessions and throttling (README "Configuration") ---
    # Both the session and the "stay signed in" cookie follow this one setting: set it to
    # true behind HTTPS.
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # A sign-in ends after this long without a request (an interview day), and in any case
    # this long after the password was entered; "stay signed in" never lasts longer.
    SESSION_IDLE_MINUTES = 8 * 60
    SESSION_MAX_HOURS = 7 * 24
    # Failed sign-ins allowed per account (e-mail) and per client address (limits syntax).
    LOGIN_LIMIT_PER_ACCOUNT = "10 per 15 minutes"
    LOGIN_LIMIT_PER_CLIENT = "30 per 15 minutes"
    # Flask-Limiter's own settings. memory:// counts inside one process only: with several
    # workers or servers set redis://host:6379/0 so that all of them share the counts.
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_KEY_PREFIX = "scorecard"
    # Requests per personal access token to the API (per client address without a token).
    API_RATE_LIMIT = "300 per minute"
    # How many reverse proxies in front of the app set X-Forwarded-For/-Proto; 0 trusts none
    # (the client address is then the connection's).
    TRUSTED_PROXY_COUNT = 0
    WTF_CSRF_TIME_LIMIT = None  # an interview lasts longer than the default hour
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # A rating needs at least this much evidence text; the lowest and highest points more.
    EVIDENCE_MIN_CHARS = 20
    EXTREME_EVIDENCE_MIN_CHARS = 150
    # Calibration aids flag submitted evidence shorter than this.
    SHORT_EVIDENCE_CHARS = 80
    # PostgreSQL: a database that does not answer must not hold a worker for long.
    DATABASE_CONNECT_TIMEOUT = 5  # seconds to open a connection
    DATABASE_STATEMENT_TIMEOUT_MS = 30_000  # longest single statement (also lock waits)
    # Notifications (README, "Notifications"). Links in mails and the calendar feed URL
    # start with BASE_URL, the address users open the app at.
    BASE_URL = "http://127.0.0.1:5000"
    # Flask-Mail's setting names. Without MAIL_SERVER mails are written to the log.
    MAIL_SERVER: str | None = None
    MAIL_PORT: int | None = None  # 25, or 465 with MAIL_USE_SSL
    MAIL_USE_TLS = False  # STARTTLS
    MAIL_USE_SSL = False  # TLS from the first byte
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER = "Scorecards <scorecards@localhost>"
    MAIL_TIMEOUT = 30  # seconds
    # Reminder before an interview: a local time on its day ("07:00"; that time on the day
    # before for interviews that start earlier) or hours before the start ("2h").
    NOTIFY_REMINDER_AT = "07:00"
    # "Overdue" mail this long after the interview's end without a submitted scorecard.
    NOTIFY_OVERDUE_AFTER_HOURS = 24
    # The daily digest of overdue scorecards goes out from this local time.
    NOTIFY_DIGEST_AT = "08:00"
    # Due and overdue mails missed while no worker ran are still sent this long after.
    NOTIFY_CATCH_UP_HOURS = 48
    # Failed deliveries are retried with a growing wait, then marked failed.
    NOTIFY_MAX_ATTEMPTS = 6
    # Sent messages (their bodies name candidates) are deleted this long after sending.
    NOTIFY_KEEP_SENT_DAYS = 30
    # A worker owns a claimed message this long; then another worker may send it.
    NOTIFY_LEASE_SECONDS = 600
    # Webhooks (README, "Webhooks"): seconds to wait for an endpoint's answer, and whether
    # plain http:// to this machine (127.0.0.1, localhost) is allowed: for tests and trials
    # only, everything else must be https://.
    WEBHOOK_TIMEOUT = 10
    WEBHOOKS_ALLOW_LOOPBACK_HTTP = False
    # The personal calendar feed shows interviews from this many days ago on.
    NOTIFY_FEED_PAST_DAYS = 30
    # Retention (docs/data-protection.md): candidates are anonymised this many days after
    # their last application closed as rejected or withdrawn (six months: the time to
    # bring an AGG claim plus a margin), or as hired. 'scorecard retention' lists who is
    # due; the worker anonymises them once a day unless RETENTION_IN_WORKER is false.
    RETENTION_REJECTED_DAYS = 183
    RETENTION_HIRED_DAYS = 365
    RETENTION_IN_WORKER = True
    # Requisitions whose framework version or decision rule the works council has not
    # approved show a warning; true makes it blocking (no ready loop, no decision).
    APPROVAL_REQUIRED = False
    # AGG checks: a folder of word lists (<language>.txt, format in interview/agg_words/)
    # to use instead of the package's reviewed ones.
    AGG_WORDS_PATH: str | None = None
    # --- Interview quality (README "Interview quality") ---
    # Per-interviewer statistics are monitoring of employees (BetrVG §87(1) no. 6): "off"
    # shows none, "aggregate" shows them without names, "personal" with names.
    INTERVIEWER_STATISTICS = "personal"
    # Below these numbers a figure is not shown at all ("too few to say"): agreement needs
    # candidates with two ratings of an area and rater pairs; a rater's effect and adherence
    # need this many scorecards; a group comparison this many candidates per group.
    QUALITY_MIN_UNITS = 10
    QUALITY_MIN_PAIRS = 10
    QUALITY_MIN_RATER_N = 5
    QUALITY_MIN_GROUP = 5
    # Voluntary self-reported group attributes: off while empty. Attribute -> its answers,
    # e.g. {"gender": ["female", "male", "diverse"]}; shown only to GROUP_STATISTICS_ROLES.
    GROUP_ATTRIBUTES: dict = {}
    GROUP_STATISTICS_ROLES = ("admin",)


def load_settings(config: Config) -> None:
    """Steps 1 to 3 of the load order into an instance-relative Flask ``Config``.

    Shared by ``create_app`` and the commands that need settings but not the app.
    """
    config.from_object(Defaults)
    config.from_pyfile("config.py", silent=True)
    config.from_prefixed_env(ENV_PREFIX)


def default_instance_path() -> str:
    """Where Flask puts the instance folder of this package (its ``auto_find_instance_path``,
    without importing Flask): beside the package when run from a checkout, under
    ``<prefix>/var`` when installed into an environment."""
    package_parent = str(PROJECT_ROOT)
    prefix = os.path.abspath(sys.prefix)
    if Path(package_parent).is_relative_to(prefix):
        return os.path.join(prefix, "var", "interview-instance")
    site_parent, site_folder = os.path.split(package_parent)
    if site_folder.lower() == "site-packages":
        parent, folder = os.path.split(site_parent)
        if folder.lower() == "lib":
            base = parent
        elif os.path.basename(parent).lower() == "lib":
            base = os.path.dirname(parent)
        else:
            base = site_parent
        return os.path.join(base, "var", "interview-instance")
    return os.path.join(package_parent, "instance")


def read_setting(name: str) -> Any:
    """One setting, read like ``load_settings`` does (defaults, ``instance/config.py``,
    ``SCORECARD_<NAME>``), for commands that must not import Flask."""
    value = getattr(Defaults, name)
    instance = os.environ.get(f"{ENV_PREFIX}_INSTANCE_PATH") or default_instance_path()
    pyfile = Path(instance) / "config.py"
    if pyfile.is_file():
        namespace: dict[str, Any] = {"__file__": str(pyfile)}
        exec(compile(pyfile.read_bytes(), str(pyfile), "exec"), namespace)  # noqa: S102  (the operator's own config file, as Flask's from_pyfile)
        value = namespace.get(name, value)
    raw = os.environ.get(f"{ENV_PREFIX}_{name}")
    if raw is not None:
        try:
            value = json.loads(raw)
        except ValueError:
            value = raw
    return value


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for PostgreSQL URLs written the usual way."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def engine_options(config: dict, uri: str) -> dict:
    """SQLAlchemy engine options: connect and statement timeouts for PostgreSQL."""
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if uri.startswith("postgresql"):
        connect_args = dict(options.get("connect_args") or {})
        connect_args.setdefault("connect_timeout", int(config["DATABASE_CONNECT_TIMEOUT"]))
        timeout = int(config["DATABASE_STATEMENT_TIMEOUT_MS"])
        connect_args.setdefault("options", f"-c statement_timeout={timeout}")
        options["connect_args"] = connect_args
        options.setdefault("pool_timeout", int(config["DATABASE_CONNECT_TIMEOUT"]))
    return options


def sqlite_url(instance_path: str) -> str:
    return "sqlite:///" + os.path.join(instance_path, "scorecard.sqlite3")


def load_secret_key(instance_path: str) -> str:
    """Read the installation's secret key, creating it on first start.

    Several workers may start at once: the file is created exclusively, and a
    worker that loses the race reads the winner's key.
    """

    path = Path(instance_path) / "secret_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_existing_key(path)
    with os.fdopen(fd, "w") as fh:
        key = secrets.token_hex(32)
        fh.write(key + "\n")
    return key


def _read_existing_key(path: Path) -> str:
    # The winning worker may not have written its key yet: wait briefly for it.
    for _ in range(50):
        key = path.read_text().strip()
        if key:
            return key
        time.sleep(0.02)
    raise RuntimeError(f"{path} is empty; delete it to generate a new key")
