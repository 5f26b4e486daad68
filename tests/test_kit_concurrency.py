"""Parallel submissions, amendments and autosaves of one scorecard over real HTTP, on a
multi-threaded server and on several worker processes: never a 500, one submission,
revision numbers without gaps, no text lost."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import pytest
import requests
from sqlalchemy import select
from werkzeug.serving import make_server

from interview.extensions import db
from interview.models import DraftField, Scorecard
from tests.conftest import BANK_PATH, PROJECT_ROOT, TEST_PASSWORD
from tests.factories import AREAS

THREADS = 10
SUBMIT_ROUNDS = 3
AMEND_ROUNDS = 3
TAB_NOTE = "Im Tab notiert, während andere Geräte einreichen."
EVIDENCE = "Hat drei Renewals mit zusammen 18 % mehr Volumen abgeschlossen, belegt mit Zahlen."


@pytest.fixture(params=["threads", "processes"])
def server(request, app, app_config, tmp_path) -> Iterator[str]:
    """The app on a real server: werkzeug with a thread per request in this process, or
    gunicorn with two worker processes of four threads each on the same database."""
    if request.param == "threads":
        httpd = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{httpd.server_port}"
        httpd.shutdown()
        thread.join(timeout=10)
        return
    yield from _gunicorn(app_config, tmp_path)


def _gunicorn(app_config: dict, tmp_path) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": app_config["SQLALCHEMY_DATABASE_URI"],
        "SCORECARD_INSTANCE_PATH": str(tmp_path / "gunicorn-instance"),
        "SCORECARD_SECRET_KEY": "concurrency-test",
        "SCORECARD_WTF_CSRF_ENABLED": "false",
        "SCORECARD_QUESTION_BANK_PATH": str(BANK_PATH),
    }
    log = (tmp_path / "gunicorn.log").open("w")
    command = [
        sys.executable, "-m", "gunicorn", "--workers", "2", "--threads", "4",
        "--bind", f"127.0.0.1:{port}", "--graceful-timeout", "5", "interview:create_app()",
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env, cwd=PROJECT_ROOT, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, tmp_path / "gunicorn.log")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def _wait_until_up(url: str, process: subprocess.Popen, log_path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("gunicorn stopped:\n" + log_path.read_text())
        try:
            if requests.get(url + "/healthz", timeout=10).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or a worker still booting
            time.sleep(0.2)
    pytest.fail("gunicorn did not answer within 60 s:\n" + log_path.read_text())


@pytest.fixture
def browsers(server, make_user) -> Iterator[tuple[object, list[requests.Session]]]:
    """One interviewer signed in on THREADS separate HTTP sessions (tablets, tabs)."""
    anna = make_user("interviewer", name="Anna Schmidt")
    sessions = []
    for _ in range(THREADS):
        session = requests.Session()
        session.headers["Accept-Language"] = "en"
        # a new connection per request: a kept-alive one that the server closes after its
        # idle timeout, just as a request goes out, would fail that request in the client
        session.headers["Connection"] = "close"
        response = session.post(
            f"{server}/login",
            data={"email": anna.email, "password": TEST_PASSWORD},
            allow_redirects=False,
        )
        assert response.status_code == 302
        sessions.append(session)
    yield anna, sessions
    for session in sessions:
        session.close()


def all_at_once(sessions: list[requests.Session], request: Callable) -> list:
    """Run ``request(index, session)`` in one thread per session, released together."""
    start = threading.Barrier(len(sessions))

    def run(index: int):
        start.wait(timeout=30)
        return request(index, sessions[index])

    with ThreadPoolExecutor(max_workers=len(sessions)) as pool:
        return list(pool.map(run, range(len(sessions))))


def kit_form(index: int, **extra) -> dict:
    data = {
        "q0_note": f"Notiz von Gerät {index}",
        "q0_asked": "y",
        "q0_outcome": f"Ergebnis von Gerät {index}",
        "rating": "3",
        "evidence": f"{EVIDENCE} (Gerät {index})",
        "q1_note": TAB_NOTE,
    }
    return data | extra


def card_of(app, interview_id: int) -> Scorecard | None:
    with app.app_context():
        card = db.session.scalar(select(Scorecard).filter_by(interview_id=interview_id))
        if card is not None:
            card.revisions  # noqa: B018  (load before the session closes)
            card.fields  # noqa: B018
            db.session.expunge(card)
        return card


def submit_or_save(url: str, index: int, session: requests.Session):
    """Most devices submit a form of a page with nothing saved yet; some tabs still
    autosave a note (the text the forms hold too) at the same moment."""
    if index % 3 == 2:
        body = {"changes": [{"key": "q1_note", "value": TAB_NOTE, "base": 0}]}
        return "save", session.post(url + "/fields", json=body)
    return "submit", session.post(
        url + "/submit", data=kit_form(index, versions="{}"), allow_redirects=False
    )


def amend(url: str, round_: int, index: int, session: requests.Session):
    """Every device amends the revision it shows (the newest one of the last round)."""
    data = kit_form(
        index,
        evidence=f"{EVIDENCE} (Runde {round_}, Gerät {index})",
        reason=f"Korrektur in Runde {round_} von Gerät {index}",
        revision=str(round_ + 1),
    )
    return session.post(url + "/amend", data=data, allow_redirects=False)


def test_parallel_submissions_submit_once_and_lose_nothing(app, server, browsers, make, make_user):
    anna, sessions = browsers
    requisition = make("requisition", make_user("hiring_manager"))
    statuses: Counter = Counter()
    for _ in range(SUBMIT_ROUNDS):
        loop = make("loop", make("application", requisition))
        interview = make("interview", loop, anna, AREAS[0])
        url = f"{server}/assignments/{interview.id}/kit"
        results = all_at_once(sessions, partial(submit_or_save, url))
        statuses.update(f"{kind} {r.status_code}" for kind, r in results)
        assert {r.status_code for kind, r in results if kind == "submit"} == {303}
        assert {r.status_code for kind, r in results if kind == "save"} <= {200, 409}
        card = card_of(app, interview.id)
        assert card.submitted_at is not None
        assert [(r.number, r.kind) for r in card.revisions] == [(1, "submitted")]
        winner = card.revisions[0].content
        device = winner["evidence"].rsplit("Gerät ", 1)[1].rstrip(")")
        # the submitted record, the columns and the draft all say what the winner sent
        assert winner["answers"][0]["note"] == f"Notiz von Gerät {device}"
        assert card.evidence == winner["evidence"]
        assert {f.key: f.value for f in card.fields}["q0_note"] == f"Notiz von Gerät {device}"
    assert not any(key.endswith(" 500") for key in statuses), statuses


def test_parallel_amendments_number_revisions_without_gaps(app, server, browsers, make, make_user):
    anna, sessions = browsers
    loop = make("loop", make("application", make("requisition", make_user("hiring_manager"))))
    interview = make("interview", loop, anna, AREAS[0])
    url = f"{server}/assignments/{interview.id}/kit"
    first = sessions[0].post(url + "/submit", data=kit_form(0), allow_redirects=False)
    assert first.status_code == 303
    statuses: Counter = Counter()
    accepted = [card_of(app, interview.id).revisions[0].content["evidence"]]
    for round_ in range(AMEND_ROUNDS):
        responses = all_at_once(sessions, partial(amend, url, round_))
        statuses.update(str(r.status_code) for r in responses)
        assert sorted(r.status_code for r in responses) == [303] + [409] * (THREADS - 1)
        winner = next(i for i, r in enumerate(responses) if r.status_code == 303)
        loser = responses[(winner + 1) % THREADS]
        assert "amended meanwhile" in loser.text
        accepted.append(f"{EVIDENCE} (Runde {round_}, Gerät {winner})")
    # a double tap on every device: one amendment, sent THREADS times at once, stored once
    replay = kit_form(0, rating="2", reason="Zahl beim Kunden nachgeprüft.",
                      revision=str(AMEND_ROUNDS + 1))  # fmt: skip
    responses = all_at_once(
        sessions,
        lambda _, session: session.post(url + "/amend", data=replay, allow_redirects=False),
    )
    statuses.update(str(r.status_code) for r in responses)
    assert {r.status_code for r in responses} == {303}
    accepted.append(replay["evidence"])
    card = card_of(app, interview.id)
    assert [r.number for r in card.revisions] == list(range(1, AMEND_ROUNDS + 3))
    assert [r.kind for r in card.revisions] == ["submitted"] + ["amended"] * (AMEND_ROUNDS + 1)
    assert [r.content["evidence"] for r in card.revisions] == accepted
    assert card.rating == 2
    assert card.evidence == accepted[-1]
    with app.app_context():
        evidence = db.session.scalar(
            select(DraftField.value).where(
                DraftField.scorecard_id == card.id, DraftField.key == "evidence"
            )
        )
    assert evidence == accepted[-1]
    assert "500" not in statuses
