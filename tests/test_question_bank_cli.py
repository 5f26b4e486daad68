"""`scorecard check-bank` reads only the settings: no app, no database, no plugins."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from interview import bank_check, bare_app
from interview.cli import main
from interview.config import default_instance_path, read_setting
from tests.bank_builder import AREA, write_bank

SCORECARD = str(Path(sys.executable).with_name("scorecard"))
HEAVY_MODULES = {"flask_sqlalchemy", "sqlalchemy", "alembic", "flask_migrate", "openpyxl", "rich"}
# The console script checks a bank without Flask at all (interview.entry).
NOT_FOR_THE_SCRIPT = HEAVY_MODULES | {"flask", "werkzeug", "jinja2", "click"}


@pytest.fixture
def instance(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "instance"
    path.mkdir()
    monkeypatch.setenv("SCORECARD_INSTANCE_PATH", str(path))
    monkeypatch.delenv("SCORECARD_QUESTION_BANK_PATH", raising=False)
    return path


def named_bank(root: Path, framework_id: str) -> Path:
    bank = write_bank(root)
    framework = bank / "mini" / "framework.md"
    text = framework.read_text(encoding="utf-8")
    framework.write_text(text.replace("id: mini", f"id: {framework_id}"), encoding="utf-8")
    return bank


def check_bank(*args: str, env: dict | None = None):
    # A plain click runner, not the app's: check-bank must work without an app.
    return CliRunner().invoke(main, ["check-bank", *args], env=env)


def test_path_from_the_environment(instance, tmp_path):
    bank = named_bank(tmp_path / "env-bank", "aus-env")
    result = check_bank(env={"SCORECARD_QUESTION_BANK_PATH": str(bank)})
    assert result.exit_code == 0, result.output
    assert "aus-env (Mini-Modell (Test))" in result.output
    assert f"OK: 1 framework(s) in {bank}" in result.output


def test_path_from_the_instance_config_file_and_the_environment_wins(instance, tmp_path):
    from_file = named_bank(tmp_path / "file-bank", "aus-datei")
    (instance / "config.py").write_text(f"QUESTION_BANK_PATH = {str(from_file)!r}\n")
    assert "aus-datei" in check_bank().output
    from_env = named_bank(tmp_path / "env-bank", "aus-env")
    result = check_bank(env={"SCORECARD_QUESTION_BANK_PATH": str(from_env)})
    assert "aus-env" in result.output
    assert "aus-datei" not in result.output


def test_settings_are_the_ones_create_app_uses(instance, tmp_path, make_app):
    (instance / "config.py").write_text(f"QUESTION_BANK_PATH = {str(tmp_path)!r}\n")
    assert bare_app().config["QUESTION_BANK_PATH"] == str(tmp_path)
    app = make_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}, load_bank=False)
    assert app.config["QUESTION_BANK_PATH"] == bare_app().config["QUESTION_BANK_PATH"]


def test_a_broken_configured_bank_lists_every_problem(instance, tmp_path):
    broken = AREA.format(id="area-1", title="B").replace("2. Zweite Frage?", "2.")
    bank = write_bank(tmp_path / "bank", {"mini/01-area.md": broken})
    result = check_bank(env={"SCORECARD_QUESTION_BANK_PATH": str(bank)})
    assert result.exit_code == 1
    assert "01-area.md:23: question without text" in result.output
    assert "1 problem(s) found; nothing was loaded." in result.output


def test_check_bank_writes_nothing_into_the_instance_folder(instance):
    assert check_bank().exit_code == 0
    assert list(instance.iterdir()) == []  # no secret key, no database


def test_check_bank_does_not_import_the_app(tmp_path):
    """Building the app (models, Alembic, openpyxl, plugins) cost over a second per check."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCORECARD_")}
    env["SCORECARD_INSTANCE_PATH"] = str(tmp_path / "instance")
    bank = write_bank(tmp_path / "bank")
    result = subprocess.run(
        [sys.executable, "-X", "importtime", SCORECARD, "check-bank", str(bank)],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    imported = set(re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s*([\w.]+)", result.stderr, re.M))
    assert "interview.question_bank.loader" in imported  # the measurement works
    assert not {name.split(".")[0] for name in imported} & NOT_FOR_THE_SCRIPT
    assert not {name for name in imported if name.startswith("interview.models")}


def test_settings_without_flask_are_the_ones_flask_reads(instance, tmp_path, monkeypatch):
    (instance / "config.py").write_text(f"QUESTION_BANK_PATH = {str(tmp_path)!r}\n")
    assert read_setting("QUESTION_BANK_PATH") == bare_app().config["QUESTION_BANK_PATH"]
    monkeypatch.setenv("SCORECARD_QUESTION_BANK_PATH", "/srv/bank")
    assert read_setting("QUESTION_BANK_PATH") == "/srv/bank"
    assert bare_app().config["QUESTION_BANK_PATH"] == "/srv/bank"
    monkeypatch.delenv("SCORECARD_INSTANCE_PATH")
    assert default_instance_path() == bare_app().instance_path


@pytest.mark.parametrize(("args", "status"), [(["--help"], 0), (["--strict"], 2), (["a", "b"], 2)])
def test_the_fast_command_line(args, status, capsys):
    assert bank_check.main(args) == status
    out = capsys.readouterr()
    assert "Usage: scorecard check-bank [PATH]" in out.out + out.err


def test_the_console_script_and_the_flask_command_print_the_same(instance, tmp_path):
    bank = write_bank(tmp_path / "bank")
    script = subprocess.run([SCORECARD, "check-bank", str(bank)], capture_output=True, text=True,
                            timeout=60)  # fmt: skip
    assert script.returncode == 0, script.stderr
    assert script.stdout == check_bank(str(bank)).output
