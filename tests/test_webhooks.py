"""Webhooks: registered by admins, queued with the change, delivered through the outbox
to a real HTTP server started here, signed (the receiver checks the signature the way
the README tells integrators to), retried with back-off, visible on the admin page."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections import deque
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from interview.db import utcnow
from interview.extensions import db
from interview.models import Candidate, OutboxMessage, WebhookEndpoint
from interview.notifications import worker
from interview.notifications.transports import ConsoleTransport
from interview.privacy.anonymise import anonymise
from interview.webhooks import emit
from interview.webhooks.signing import signature, verify
from tests.factories import AREAS
from tests.test_kit import EVIDENCE, answers, kit_url

EN = {"Accept-Language": "en"}
ALL_EVENTS = ["scorecard.submitted", "scorecards.all_in", "decision.recorded",
              "candidate.anonymised"]  # fmt: skip


@pytest.fixture
def app_config(app_config):
    return app_config | {"WEBHOOKS_ALLOW_LOOPBACK_HTTP": True, "WEBHOOK_TIMEOUT": 5}


@pytest.fixture
def receiver():
    """A real HTTP server on 127.0.0.1 that checks each delivery's signature with the
    secret it is given, records what arrived, and answers the statuses queued in
    ``answers`` (200 once they are used up)."""
    state = SimpleNamespace(secret="", received=[], answers=deque())

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            stamp = self.headers["X-Scorecard-Timestamp"]
            expected = "v1=" + hmac.new(state.secret.encode(), f"{stamp}.".encode() + body,
                                        hashlib.sha256).hexdigest()  # fmt: skip
            fresh = abs(time.time() - int(stamp)) < 300
            signed = hmac.compare_digest(expected, self.headers["X-Scorecard-Signature"])
            state.received.append(SimpleNamespace(
                event=self.headers["X-Scorecard-Event"], body=json.loads(body),
                raw=body, verified=signed and fresh,
            ))  # fmt: skip
            status = state.answers.popleft() if state.answers else 200
            self.send_response(status if signed else 401)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    yield state
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def hook(app, client, login, make_user, receiver):
    """An admin registers the receiver for every event on the admin page."""
    login(make_user("admin"))
    page = client.post("/admin/webhooks", data={"url": receiver.url, "events": ALL_EVENTS})
    assert page.status_code == 200
    receiver.secret = page.text.split("data-new-secret>")[1].split("<")[0].strip()
    client.post("/logout")
    return receiver


@pytest.fixture
def panel(make_user, make):
    owner = make_user("hiring_manager")
    anna, ben = make_user("interviewer"), make_user("interviewer")
    requisition = make("requisition", owner, required_areas=AREAS[:2])
    application = make("application", requisition)
    loop = make("loop", application)
    return SimpleNamespace(owner=owner, anna=anna, ben=ben, application=application,
                           a=make("interview", loop, anna, AREAS[0]),
                           b=make("interview", loop, ben, AREAS[1]))  # fmt: skip


def deliver(app, at=None):
    with app.app_context():
        clock = (lambda: at) if at else utcnow
        return worker.deliver_due(ConsoleTransport(), "test-worker", clock)


def submit(client, login, user, interview):
    login(user)
    assert client.post(kit_url(interview, "/submit"), data=answers()).status_code == 303
    client.post("/logout")


def test_scorecards_and_decision_are_delivered_signed(app, client, login, hook, panel):
    submit(client, login, panel.anna, panel.a)
    submit(client, login, panel.ben, panel.b)
    login(panel.owner)
    decided = client.post(f"/applications/{panel.application.id}/decision",
                          data={"decision": "on_hold", "reason": ""})  # fmt: skip
    assert decided.status_code == 302
    report = deliver(app)
    assert report.sent == 5  # four webhook calls and the hiring manager's "all in" mail
    assert [r.event for r in hook.received] == [
        "scorecard.submitted",
        "scorecard.submitted",
        "scorecards.all_in",
        "decision.recorded",
    ]
    assert all(r.verified for r in hook.received)
    first = hook.received[0].body
    assert first["event"] == "scorecard.submitted"
    assert first["data"]["application_id"] == panel.application.id
    assert first["data"]["interview_id"] == panel.a.id
    assert first["data"]["links"]["api_results"].endswith(
        f"/api/v1/applications/{panel.application.id}/results"
    )
    assert hook.received[2].body["data"]["scorecards"] == 2
    assert hook.received[3].body["data"]["decision"] == "on_hold"
    for delivery in hook.received:  # ids and links, never what was said or written
        assert EVIDENCE.encode() not in delivery.raw
        assert b"Beispiel" not in delivery.raw
        assert b"Kandidatin" not in delivery.raw


def test_failed_delivery_is_retried_with_back_off(app, client, login, hook, panel, make_user):
    hook.answers.extend([503])
    submit(client, login, panel.anna, panel.a)
    first = deliver(app)
    assert (first.sent, first.retrying) == (0, 1)
    with app.app_context():
        row = db.session.scalar(select(OutboxMessage).where(OutboxMessage.channel == "webhook"))
        assert (row.status, row.attempts) == ("pending", 1)
        assert "503" in row.last_error
        assert row.next_attempt_at > utcnow()
        endpoint = db.session.scalar(select(WebhookEndpoint))
        assert endpoint.last_status.startswith("OSError: HTTP 503")
    assert deliver(app).sent == 0  # not due yet
    later = deliver(app, at=utcnow() + timedelta(minutes=2))
    assert later.sent == 1
    assert [r.verified for r in hook.received] == [True, True]
    assert hook.received[0].body == hook.received[1].body  # the same delivery again
    login(make_user("admin"))
    page = client.get("/admin/webhooks", headers=EN)
    assert "Last delivery" in page.text
    assert "200 OK" in page.text


def test_gone_endpoint_fails_at_once(app, client, login, hook, panel):
    hook.answers.extend([410])
    submit(client, login, panel.anna, panel.a)
    assert deliver(app).failed == 1


def test_only_subscribed_active_endpoints_are_told(app, receiver, make_user):
    with app.app_context():
        from interview.webhooks.services import create_endpoint, set_active

        create_endpoint(receiver.url, ["decision.recorded"])
        off = create_endpoint(receiver.url + "/off", ["candidate.anonymised"])
        set_active(off, False)
        assert emit("candidate.anonymised", {"candidate_id": 7}) == 0
        db.session.commit()
    assert deliver(app).sent == 0
    assert receiver.received == []


def test_candidate_anonymised_is_announced_by_other_features(app, hook):
    with app.app_context():
        assert emit("candidate.anonymised", {"candidate_id": 7}) == 1
        db.session.rollback()  # the change was undone: nothing is announced
        emit("candidate.anonymised", {"candidate_id": 8})
        db.session.commit()
        with pytest.raises(ValueError, match="unknown webhook event"):
            emit("candidate.deleted", {})
    deliver(app)
    assert [r.body["data"] for r in hook.received] == [{"candidate_id": 8}]


@pytest.mark.parametrize(
    ("url", "allowed"),
    [("https://ats.example.com/hooks", True), ("http://ats.example.com/hooks", False),
     ("ftp://ats.example.com/", False), ("https://user:pw@ats.example.com/", False),
     ("not a url", False)],
)  # fmt: skip
def test_only_https_addresses(url, allowed):
    from interview.webhooks.services import url_refusal

    assert (url_refusal(url, loopback_ok=False) is None) is allowed
    assert (url_refusal(url, loopback_ok=True) is None) is allowed
    assert url_refusal("http://127.0.0.1:8000/hooks", loopback_ok=False) == "scheme"
    assert url_refusal("http://127.0.0.1:8000/hooks", loopback_ok=True) is None


def test_admin_page_refuses_bad_input_and_manages_endpoints(app, client, login, make_user):
    login(make_user("admin"))
    bad = client.post("/admin/webhooks", data={"url": "http://ats.example.com", "events": []},
                      headers=EN)  # fmt: skip
    assert bad.status_code == 422
    assert "https://" in bad.text
    made = client.post("/admin/webhooks", data={"url": "https://ats.example.com/h",
                                                "events": ["decision.recorded"]})  # fmt: skip
    assert "data-new-secret" in made.text
    with app.app_context():
        endpoint_id = db.session.scalar(select(WebhookEndpoint.id))
    assert "data-new-secret" not in client.get("/admin/webhooks").text  # shown once
    with app.app_context():
        old = db.session.get(WebhookEndpoint, endpoint_id).secret
    renewed = client.post(f"/admin/webhooks/{endpoint_id}/secret")
    with app.app_context():
        new = db.session.get(WebhookEndpoint, endpoint_id).secret
    assert new != old
    assert new in renewed.text
    assert new not in client.get("/admin/webhooks").text
    assert client.post(f"/admin/webhooks/{endpoint_id}/active").status_code == 302
    with app.app_context():
        assert db.session.get(WebhookEndpoint, endpoint_id).active is False
    assert client.post(f"/admin/webhooks/{endpoint_id}/delete").status_code == 302
    with app.app_context():
        assert db.session.get(WebhookEndpoint, endpoint_id) is None


@given(secret=st.text(min_size=1, max_size=40), body=st.binary(max_size=200),
       stamp=st.integers(min_value=0, max_value=4_000_000_000))  # fmt: skip
def test_signature_round_trip_and_tampering(secret, body, stamp):
    header = signature(secret, stamp, body)
    assert verify(secret, header, str(stamp), body, now=stamp)
    assert not verify(secret, header, str(stamp), body + b"x", now=stamp)
    assert not verify(secret + "x", header, str(stamp), body, now=stamp)
    assert not verify(secret, header, str(stamp), body, now=stamp + 301)
    assert verify(secret, "v1=old, " + header, str(stamp), body, now=stamp)


def test_delivery_to_an_address_no_longer_allowed_fails(app_config, make_app, receiver):
    """Loopback HTTP allowed when registered (a trial) but not when delivered."""
    app = make_app(app_config | {"WEBHOOKS_ALLOW_LOOPBACK_HTTP": False})
    with app.app_context():
        if app_config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
            db.create_all()
        db.session.add(WebhookEndpoint(url=receiver.url, secret="s", events=ALL_EVENTS))
        emit("candidate.anonymised", {"candidate_id": 1})
        db.session.commit()
    assert deliver(app).failed == 1
    assert receiver.received == []


def test_the_readme_receiver_accepts_our_signature_and_refuses_tampering():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    code = next(block for block in readme.split("```python")[1:] if "def is_genuine" in block)
    namespace: dict = {}
    exec(code.split("```")[0], namespace)  # noqa: S102  (our own README's example)
    stamp = int(time.time())
    body = b'{"event":"decision.recorded"}'
    headers = {"X-Scorecard-Timestamp": str(stamp),
               "X-Scorecard-Signature": signature("whsec_x", stamp, body)}  # fmt: skip
    assert namespace["is_genuine"]("whsec_x", headers, body)
    assert not namespace["is_genuine"]("whsec_x", headers, body + b" ")
    assert not namespace["is_genuine"]("whsec_y", headers, body)


def test_anonymising_a_candidate_is_announced_per_application(app, hook, panel):
    with app.app_context():
        candidate = db.session.get(Candidate, panel.application.candidate_id)
        assert anonymise([candidate], "retention period over") == 1
        db.session.commit()
    deliver(app)
    [event] = [r.body for r in hook.received if r.body["event"] == "candidate.anonymised"]
    assert event["data"]["application_id"] == panel.application.id
    assert event["data"]["candidate_id"] == panel.application.candidate_id
    assert "Anonymised" not in json.dumps(event)  # ids and links, no names
