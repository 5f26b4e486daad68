"""Fixtures for notifications: a real SMTP server (aiosmtpd), a team with a candidate,
and helpers that plan interviews through the services and run delivery."""

from __future__ import annotations

import email
import email.policy
import ipaddress
import socket
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from types import SimpleNamespace

import icalendar
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from interview.db import utcnow
from interview.extensions import db
from interview.loops import services as loops
from interview.models import Application, Interview, User
from interview.notifications import worker
from tests.factories import AREAS

SMTP_USER = "mailer"
SMTP_PASSWORD = "smtp-secret"
SENDER = "Scorecards <noreply@scorecards.example>"
BASE_URL = "https://scorecards.example"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Inbox:
    """What the SMTP server received, parsed; the handler aiosmtpd calls."""

    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    defer: set[str] = field(default_factory=set)
    port: int = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        if address in self.defer:
            return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"

    def of_kind(self, kind: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["X-Scorecards-Notification"] == kind]

    def one(self, kind: str, to: str | None = None) -> EmailMessage:
        found = [m for m in self.of_kind(kind) if to is None or to in m["To"]]
        assert len(found) == 1, [(m["X-Scorecards-Notification"], m["To"]) for m in self.messages]
        return found[0]


def authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == SMTP_USER.encode()
        and auth_data.password == SMTP_PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535


@pytest.fixture(scope="session")
def certificate(tmp_path_factory) -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1: (certificate file, key file)."""
    folder = tmp_path_factory.mktemp("tls")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=7))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(cert_file), str(key_file)


def server_context(certificate: tuple[str, str]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


@pytest.fixture
def trust(certificate, monkeypatch) -> None:
    """The app's TLS checks (the default context) accept the test certificate."""
    monkeypatch.setenv("SSL_CERT_FILE", certificate[0])


@pytest.fixture
def smtp(certificate, trust) -> Iterator[Inbox]:
    """A real SMTP server on a free port: STARTTLS required, then a login required."""
    inbox = Inbox(port=free_port())
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=inbox.port,
        authenticator=authenticate,
        auth_required=True,
        tls_context=server_context(certificate),
        require_starttls=True,
    )
    controller.start()
    yield inbox
    controller.stop()


@pytest.fixture
def app_config(app_config, smtp) -> dict:
    return app_config | {
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp.port,
        "MAIL_USE_TLS": True,
        "MAIL_USERNAME": SMTP_USER,
        "MAIL_PASSWORD": SMTP_PASSWORD,
        "MAIL_DEFAULT_SENDER": SENDER,
        "MAIL_TIMEOUT": 10,
        "BASE_URL": BASE_URL,
    }


@pytest.fixture
def team(make_user, make) -> SimpleNamespace:
    """A hiring manager's requisition with one candidate, a recruiter, three interviewers."""
    manager = make_user("hiring_manager", name="Katrin Vogel", email="katrin@example.com")
    recruiter = make_user("recruiter", name="Felix Braun", email="felix@example.com")
    anna = make_user("interviewer", name="Anna Schmidt", email="anna@example.com")
    ben = make_user("interviewer", name="Ben Müller", email="ben@example.com")
    clara = make_user("interviewer", name="Clara Weber", email="clara@example.com")
    requisition = make("requisition", manager)
    candidate = make("candidate", name="Lena Hoffmann")
    application = make("application", requisition, candidate, status="interviewing")
    return SimpleNamespace(
        manager=manager,
        recruiter=recruiter,
        anna=anna,
        ben=ben,
        clara=clara,
        requisition=requisition,
        application=application,
    )


@pytest.fixture
def plan(app, team) -> Callable[..., int]:
    """Add an interview through the loop service (as the hiring manager); returns its id."""

    def add(
        interviewer: User,
        area: str = AREAS[0],
        *,
        starts_at: datetime | None = None,
        minutes: int = 60,
        location: str = "Raum Elbe, 3. OG",
    ) -> int:
        with app.app_context():
            interview = loops.add_interview(
                db.session.get(User, team.manager.id),
                db.session.get(Application, team.application.id),
                loops.InterviewData(
                    interviewer_id=interviewer.id,
                    area_key=area,
                    starts_at=starts_at or utcnow() + timedelta(days=3),
                    duration_minutes=minutes,
                    location=location,
                ),
            )
            db.session.commit()
            return interview.id

    return add


@pytest.fixture
def change(app, team) -> Callable[..., None]:
    """Edit an interview through the loop service; keyword arguments override fields."""

    def update(interview_id: int, **fields) -> None:
        with app.app_context():
            interview = db.session.get(Interview, interview_id)
            data = loops.InterviewData(
                interviewer_id=interview.interviewer_id,
                area_key=interview.area_key,
                starts_at=interview.starts_at,
                duration_minutes=interview.duration_minutes,
                location=interview.location,
                second_rater=interview.second_rater,
            )
            for name, value in fields.items():
                setattr(data, name, value)
            loops.update_interview(db.session.get(User, team.manager.id), interview, data)
            db.session.commit()

    return update


@pytest.fixture
def deliver(app) -> Callable[..., tuple]:
    """One ``send-due`` pass at ``now`` (default: the real time)."""

    def run(now: datetime | None = None):
        moment = now or utcnow()
        with app.app_context():
            return worker.send_due(lambda: moment)

    return run


def calendar_of(message: EmailMessage) -> icalendar.Calendar:
    """The text/calendar part of a mail, parsed (it must equal the attachment)."""
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    attachment = next(p for p in message.walk() if p.get_filename() == "invite.ics")
    assert attachment.get_content() == part.get_content().encode("utf-8")
    calendar = icalendar.Calendar.from_ical(part.get_content())
    assert str(calendar["METHOD"]) == part.get_param("method")
    return calendar


def event_of(message: EmailMessage) -> icalendar.Event:
    return calendar_of(message).walk("VEVENT")[0]


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()
