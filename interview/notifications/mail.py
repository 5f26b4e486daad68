"""PURE: the MIME message for an outbox row (text, HTML, and an invitation if any).

The Message-ID comes from the row, so a delivery repeated after a crash carries the
same one and mail servers and programs can drop the duplicate.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any


@dataclass(frozen=True)
class Sender:
    name: str
    email: str

    @property
    def domain(self) -> str:
        return self.email.rpartition("@")[2] or "localhost"


def parse_sender(setting: str | list | tuple) -> Sender:
    """``MAIL_DEFAULT_SENDER`` as Flask-Mail takes it: ``"Name <a@b>"``, ``"a@b"`` or
    a ``(name, address)`` pair. Refuses (``ValueError``) a value without an address."""
    if isinstance(setting, list | tuple):
        name, email = setting
    else:
        name, email = parseaddr(setting)
    if "@" not in (email or ""):
        raise ValueError(f"MAIL_DEFAULT_SENDER needs an e-mail address, got {setting!r}")
    return Sender(name or "", email)


def new_message_id(sender: Sender) -> str:
    return f"<{uuid.uuid4().hex}@{sender.domain}>"


def build_message(
    *,
    kind: str,
    sender: Sender,
    to_name: str,
    to_email: str,
    subject: str,
    payload: dict[str, Any],
    message_id: str,
    date: datetime,
) -> EmailMessage:
    """multipart/alternative of text and HTML (plus ``text/calendar`` with its METHOD, the
    part calendar programs act on), and the same calendar as an ``invite.ics`` attachment
    for programs that only look at attachments."""
    message = EmailMessage()
    message["From"] = Address(sender.name, addr_spec=sender.email)
    message["To"] = Address(to_name, addr_spec=to_email)
    message["Subject"] = subject
    message["Message-ID"] = message_id
    message["Date"] = format_datetime(date)
    # RFC 3834: no out-of-office replies to machine mail
    message["Auto-Submitted"] = "auto-generated"
    # lets people sort these mails with a filter rule
    message["X-Scorecards-Notification"] = kind
    message.set_content(payload["text"])
    message.add_alternative(payload["html"], subtype="html")
    calendar, method = payload.get("calendar"), payload.get("method")
    if calendar and method:
        message.add_alternative(calendar, subtype="calendar", params={"method": method})
        message.add_attachment(
            calendar.encode("utf-8"), maintype="application", subtype="ics", filename="invite.ics"
        )
    return message
