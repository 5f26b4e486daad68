"""The 'scorecard' command: init, demo, check-bank, run."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import func, select

from interview.cli import main
from interview.extensions import db
from interview.models import (
    Application,
    Candidate,
    Decision,
    FrameworkVersion,
    Interview,
    Requisition,
    Scorecard,
    User,
)
from tests.bank_builder import AREA, write_bank

SCORECARD = str(Path(sys.executable).with_name("scorecard"))


@pytest.fixture
def cli(blank_app):
    runner = blank_app.test_cli_runner()

    def invoke(*args, env=None):
        return runner.invoke(main, list(args), env=env, catch_exceptions=False)

    return invoke


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


# --- init ------------------------------------------------------------------------------------


def test_init_creates_schema_loads_bank_and_admin_from_environment(cli, blank_app):
    result = cli("init", env={"SCORECARD_ADMIN_PASSWORD": "a-long-admin-password"})
    assert result.exit_code == 0, result.output
    assert "Framework account-manager version" in result.output
    assert "Admin created: admin@example.com" in result.output
    assert "a-long-admin-password" not in result.output
    with blank_app.app_context():
        admin = db.session.execute(select(User)).scalar_one()
        assert admin.roles == {"admin"}
        assert admin.check_password("a-long-admin-password")
    assert count(blank_app, FrameworkVersion) == 1


def test_init_without_terminal_prints_a_generated_password_once(cli, blank_app):
    result = cli("init", "--admin-email", "Root@Example.org")
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("Generated password"))
    password = line.rsplit(" ", 1)[1]
    with blank_app.app_context():
        admin = db.session.execute(select(User)).scalar_one()
        assert admin.email == "root@example.org"
        assert admin.check_password(password)
    again = cli("init")
    assert again.exit_code == 0
    assert "An admin account exists already" in again.output
    assert "Generated password" not in again.output
    assert count(blank_app, User) == 1
    assert count(blank_app, FrameworkVersion) == 1


def test_init_refuses_a_short_admin_password(cli, blank_app):
    result = cli("init", env={"SCORECARD_ADMIN_PASSWORD": "short"})
    assert result.exit_code == 1
    assert "at least 10 characters" in result.output
    assert count(blank_app, User) == 0


def test_init_stores_a_new_version_after_a_bank_edit(
    tmp_path, blank_database_url, monkeypatch, make_app
):
    monkeypatch.setenv("SCORECARD_INSTANCE_PATH", str(tmp_path / "instance"))
    bank = write_bank(tmp_path / "bank")
    config = {"SQLALCHEMY_DATABASE_URI": blank_database_url, "QUESTION_BANK_PATH": str(bank)}
    env = {"SCORECARD_ADMIN_PASSWORD": "a-long-admin-password"}
    first = make_app(config).test_cli_runner().invoke(main, ["init"], env=env)
    assert "stored" in first.output
    area = bank / "mini" / "01-area.md"
    area.write_text(area.read_text().replace("Erste Frage?", "Neue erste Frage?"))
    app = make_app(config)
    second = app.test_cli_runner().invoke(main, ["init"], env=env)
    assert second.exit_code == 0
    with app.app_context():
        versions = db.session.execute(select(FrameworkVersion)).scalars().all()
        assert len(versions) == 2
        old = next(v for v in versions if "Neue" not in str(v.content))
        assert old.content["areas"][0]["questions"][0]["text"] == "Erste Frage?"


# --- demo ------------------------------------------------------------------------------------


def test_demo_fills_every_role_requisition_candidates_loops_and_scorecards(cli, blank_app):
    result = cli("demo")
    assert result.exit_code == 0, result.output
    for role in ("admin", "hiring_manager", "recruiter", "interviewer", "data_protection",
                 "works_council"):  # fmt: skip
        assert role in result.output
    with blank_app.app_context():
        requisition = db.session.execute(
            select(Requisition).filter_by(title="Senior Account Manager")
        ).scalar_one()
        assert requisition.target_level == "senior"
        assert requisition.framework_version.framework_key == "account-manager"
        assert len(requisition.required_areas) == 6
        assert db.session.scalar(select(func.count()).select_from(Candidate)) >= 3
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(Scorecard)
                .where(Scorecard.submitted_at.is_not(None))
            )
            >= 6
        )
        assert db.session.scalar(select(func.count()).select_from(Interview)) == 20
        names = db.session.scalars(select(Candidate.name)).all()
        assert any(ch in "".join(names) for ch in "äöüßı")
        users = db.session.scalars(select(User)).all()
        roles = set().union(*(u.roles for u in users))
        assert roles == {"admin", "hiring_manager", "recruiter", "interviewer",
                         "data_protection", "works_council"}  # fmt: skip


def test_demo_passwords_work_for_login(cli, blank_app):
    result = cli("demo")
    line = next(x for x in result.output.splitlines() if "felix.braun@" in x)
    email, password = line.split()[:2]
    client = blank_app.test_client()
    blank_app.config["WTF_CSRF_ENABLED"] = False
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_demo_again_keeps_the_existing_demo_and_its_passwords(cli, blank_app):
    first = cli("demo")
    with blank_app.app_context():
        hashes = dict(db.session.execute(select(User.email, User.password_hash)).all())
    again = cli("demo")
    assert again.exit_code == 0
    assert "already there" in again.output
    assert "scorecard run" in again.output
    assert count(blank_app, Requisition) == 2
    assert count(blank_app, Application) == 5
    with blank_app.app_context():
        assert dict(db.session.execute(select(User.email, User.password_hash)).all()) == hashes
    assert first.output != again.output


def test_demo_reset_works_after_decisions_and_audit_events(cli, blank_app):
    """The wipe used to forget the decisions table: FOREIGN KEY constraint failed."""
    assert cli("demo").exit_code == 0
    with blank_app.app_context():
        application = db.session.scalars(select(Application)).first()
        manager = db.session.scalar(select(User).filter(User.email.like("katrin.vogel@%")))
        db.session.add(Decision(application_id=application.id, decision="hire",
                                rule_result="meets", decided_by_id=manager.id))  # fmt: skip
        db.session.commit()
    result = cli("demo", "--reset")
    assert result.exit_code == 0, result.output
    assert "Demo data created" in result.output
    assert count(blank_app, Decision) == 1  # the demo's own (the old rejected candidate)
    assert count(blank_app, Requisition) == 2


def test_demo_refuses_a_database_with_real_data(cli, blank_app):
    cli("init", env={"SCORECARD_ADMIN_PASSWORD": "a-long-admin-password"})
    result = cli("demo")
    assert result.exit_code == 1
    assert "not demo users" in result.output
    assert count(blank_app, User) == 1
    assert count(blank_app, Requisition) == 0
    forced = cli("demo", "--reset")
    assert forced.exit_code == 0
    assert count(blank_app, Requisition) == 2
    with blank_app.app_context():
        assert db.session.scalar(select(User).filter_by(email="admin@example.com")) is None


# --- check-bank ------------------------------------------------------------------------------


def test_check_bank_default_prints_summary(cli):
    result = cli("check-bank")
    assert result.exit_code == 0, result.output
    assert "account-manager (Account Manager), version" in result.output
    assert "scale: 4 points: 1 Erfüllt nicht, 2 In Entwicklung" in result.output
    assert "levels: Junior, Mid-Level, Senior, Lead" in result.output
    assert "areas: 6, questions: 30" in result.output
    assert "problemloesung-eskalation: Problemlösung & Eskalation" in result.output


def test_check_bank_reports_every_error_with_path_and_line(cli, tmp_path, monkeypatch):
    broken = AREA.format(id="area-1", title="B").replace("2. Zweite Frage?", "2.")
    bank = write_bank(tmp_path / "bank", {"mini/01-area.md": broken, "mini/02-area.md": "x"})
    monkeypatch.chdir(bank)
    result = cli("check-bank", ".")
    assert result.exit_code == 1
    assert "mini/01-area.md:23: question without text" in result.output
    assert "mini/02-area.md:1: file must start with" in result.output
    assert "2 problem(s) found; nothing was loaded." in result.output


def test_check_bank_on_an_empty_folder(cli, tmp_path):
    (tmp_path / "empty").mkdir()
    result = cli("check-bank", str(tmp_path / "empty"))
    assert result.exit_code == 1
    assert ":0: no framework found" in result.output


# --- the real console script -----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(tmp_path, **extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(SCORECARD_INSTANCE_PATH=str(tmp_path / "instance"), **extra)
    return env


def test_console_script_demo_then_run_serves_the_login_page(tmp_path):
    env = _env(tmp_path)
    demo = subprocess.run([SCORECARD, "demo"], env=env, capture_output=True, text=True, timeout=120)
    assert demo.returncode == 0, demo.stderr
    port = _free_port()
    server = subprocess.Popen(
        [SCORECARD, "run", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        body = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login") as response:  # noqa: S310
                    body = response.read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert 'name="password"' in body
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_app_refuses_to_start_on_a_broken_bank(tmp_path):
    bank = write_bank(tmp_path / "bank", {"mini/02-area.md": "---\nid: [\n---\n"})
    env = _env(tmp_path, SCORECARD_QUESTION_BANK_PATH=str(bank))
    result = subprocess.run([SCORECARD, "run"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "the app will not start" in result.stderr
    assert "02-area.md:2: malformed YAML" in result.stderr
