"""How mails leave: SMTP (STARTTLS or TLS, with login) or the console (the log).

Settings use Flask-Mail's names (``MAIL_SERVER``, ``MAIL_PORT``, ``MAIL_USE_TLS``,
``MAIL_USE_SSL``, ``MAIL_USERNAME``, ``MAIL_PASSWORD``); without ``MAIL_SERVER`` mails
are written to the log, so a demo works without a mail server.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from typing import Any, Protocol

log = logging.getLogger("interview.notifications")


class PermanentFailure(Exception):
    """The server refused for good (5xx): retrying would not help."""


class Transport(Protocol):
    name: str

    def send(self, message: EmailMessage) -> None: ...

    def close(self) -> None: ...


class ConsoleTransport:
    """Writes each mail (headers, the text part, the calendar method) to the log."""

    name = "console"

    def send(self, message: EmailMessage) -> None:
        text = message.get_body(("plain",))
        calendar = message.get_body(("calendar",))
        lines = [
            "-" * 72,
            f"To: {message['To']}",
            f"From: {message['From']}",
            f"Subject: {message['Subject']}",
            f"Message-ID: {message['Message-ID']}",
        ]
        if calendar is not None:
            lines.append(f"Calendar: METHOD:{calendar.get_param('method')} (invite.ics)")
        lines += ["", text.get_content().rstrip() if text is not None else "", "-" * 72]
        log.info("\n".join(lines))

    def close(self) -> None:
        pass


class SmtpTransport:
    """One SMTP connection per delivery run, opened on the first mail and reopened
    after an error."""

    name = "smtp"

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.host = config["MAIL_SERVER"]
        self.use_ssl = bool(config.get("MAIL_USE_SSL"))
        self.use_tls = bool(config.get("MAIL_USE_TLS"))
        self.port = int(config.get("MAIL_PORT") or (465 if self.use_ssl else 25))
        self.username = config.get("MAIL_USERNAME")
        self.password = config.get("MAIL_PASSWORD")
        self.timeout = float(config.get("MAIL_TIMEOUT") or 30)
        self._connection: smtplib.SMTP | None = None

    def send(self, message: EmailMessage) -> None:
        try:
            self._connect().send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            self.close()
            codes = [code for code, _ in exc.recipients.values()]
            if codes and all(code >= 500 for code in codes):
                raise PermanentFailure(_describe(exc)) from exc
            raise
        except smtplib.SMTPResponseException as exc:
            self.close()
            if exc.smtp_code >= 500 and not isinstance(exc, smtplib.SMTPAuthenticationError):
                raise PermanentFailure(_describe(exc)) from exc
            raise
        except (OSError, smtplib.SMTPException):
            self.close()
            raise

    def _connect(self) -> smtplib.SMTP:
        if self._connection is not None:
            return self._connection
        context = ssl.create_default_context()
        connection: smtplib.SMTP
        if self.use_ssl:
            connection = smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=context
            )
        else:
            connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            if self.use_tls and not self.use_ssl:
                connection.starttls(context=context)
            if self.username:
                connection.login(self.username, self.password or "")
        except BaseException:
            connection.close()
            raise
        self._connection = connection
        return connection

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            connection.quit()
        except (OSError, smtplib.SMTPException):
            connection.close()


def _describe(exc: smtplib.SMTPException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{rcpt}: {code} {msg.decode(errors='replace')}"
            for rcpt, (code, msg) in exc.recipients.items()
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        error = exc.smtp_error
        text = error.decode(errors="replace") if isinstance(error, bytes) else str(error)
        return f"{exc.smtp_code} {text}"
    return str(exc)


def describe_error(exc: BaseException) -> str:
    """A short line for the admin page (no stack trace, no password)."""
    if isinstance(exc, smtplib.SMTPException):
        return f"{type(exc).__name__}: {_describe(exc)}"[:1000]
    return f"{type(exc).__name__}: {exc}"[:1000]


def transport_from_config(config: Mapping[str, Any]) -> Transport:
    if config.get("MAIL_SERVER"):
        return SmtpTransport(config)
    return ConsoleTransport()
