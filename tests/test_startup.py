"""The app loads the bank at start and refuses a broken one; bank Markdown is sanitised."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from interview import create_app
from interview.frameworks.services import QuestionBankBroken
from interview.rendering import render_markdown
from tests.bank_builder import AREA, write_bank


def test_create_app_refuses_a_broken_bank_and_says_why(tmp_path, monkeypatch, app_config):
    monkeypatch.setenv("SCORECARD_INSTANCE_PATH", str(tmp_path / "instance"))
    bank = write_bank(tmp_path / "bank", {"mini/01-area.md": AREA.format(id="a", title="T")
                                          .replace("### Senior", "### Guru")})  # fmt: skip
    with pytest.raises(QuestionBankBroken) as excinfo:
        create_app({**app_config, "QUESTION_BANK_PATH": str(bank)})
    assert "level 'Guru' is not defined in framework.md" in str(excinfo.value)
    assert "01-area.md:14:" in str(excinfo.value)


@pytest.mark.parametrize(
    ("source", "forbidden", "kept"),
    [
        ("Hallo <script>alert(1)</script>Welt", "<script", "Welt"),
        ('<a href="javascript:alert(1)">x</a>', "javascript:", ">x</a>"),
        ('<img src=x onerror="alert(1)">', "onerror", ""),
        ('<p onclick="steal()">Text</p>', "onclick", "Text"),
        ("<iframe src='https://evil.example'></iframe>", "<iframe", ""),
        ("**fett** und [Link](https://example.org)", "<script", "<strong>fett</strong>"),
    ],
)
def test_markdown_is_sanitised(source, forbidden, kept):
    html = str(render_markdown(source))
    assert forbidden not in html
    assert kept in html


def test_links_from_the_bank_get_safe_rel(app):
    html = str(render_markdown("[Quelle](https://example.org)"))
    assert 'rel="noopener noreferrer nofollow"' in html


def test_script_in_a_bank_file_never_reaches_the_page(
    tmp_path, monkeypatch, app_config, make_user, make_app
):
    area = AREA.format(id="area-1", title="Bereich <b>1</b>").replace(
        "## Indikatoren",
        "Beschreibung <script>alert('x')</script> mit <em onmouseover=\"x()\">Text</em>\n\n"
        "## Indikatoren",
    )
    bank = write_bank(tmp_path / "bank", {"mini/01-area.md": area})
    monkeypatch.setenv("SCORECARD_INSTANCE_PATH", str(tmp_path / "instance"))
    app = make_app({**app_config, "QUESTION_BANK_PATH": str(bank)})
    with app.app_context():
        from interview.extensions import db

        db.create_all()
    client = app.test_client()
    user = make_user()
    client.post("/login", data={"email": user.email, "password": "correct horse battery"})
    page = client.get("/frameworks/mini").text
    assert "<script>alert" not in page
    assert "onmouseover" not in page
    assert "Bereich &lt;b&gt;1&lt;/b&gt;" in page
    assert "<em>Text</em>" in page


#: loaded where used (a migration, an invitation, a QR code, single sign-on, an INSERT that
#: ignores conflicts on PostgreSQL, a candidate import, bank text, a quality page), not by
#: every worker at start
LOADED_WHERE_USED = (
    "alembic", "flask_migrate", "icalendar", "segno", "openpyxl",
    "authlib", "requests", "joserfc", "sqlalchemy.dialects.postgresql", "email_validator",
    "markdown", "interview.quality.services", "interview.statistics.agreement",
)  # fmt: skip


def test_a_worker_starts_without_the_heavy_imports_only_some_requests_need(tmp_path):
    """A fresh process builds the app and answers ``/healthz`` without importing Alembic,
    icalendar or segno; ``scorecard db`` and the migrations still find Flask-Migrate."""
    script = f"""
import sys
from interview import create_app
app = create_app({{"SQLALCHEMY_DATABASE_URI": "sqlite:///{tmp_path}/db.sqlite3"}})
assert app.test_client().get("/healthz").status_code in (200, 503)
print(",".join(m for m in {LOADED_WHERE_USED!r} if m in sys.modules))
assert app.extensions["migrate"].directory.endswith("migrations")
print("alembic" in sys.modules)
"""
    env = {**os.environ, "SCORECARD_INSTANCE_PATH": str(tmp_path / "instance")}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, check=True, timeout=120)  # fmt: skip
    loaded_at_start, alembic_later = done.stdout.split("\n")[:2]
    assert loaded_at_start == ""
    assert alembic_later == "True"
