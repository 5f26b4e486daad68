"""German and English interface; the catalogs stay complete and compiled."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "interview" / "translations"


def test_browser_language_decides(client, login_as):
    login_as("interviewer")
    assert "Abmelden" in client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9"}).text
    assert "Sign out" in client.get("/", headers={"Accept-Language": "en-GB,en;q=0.8"}).text


def test_switch_in_header_overrides_browser(client, login_as):
    login_as("interviewer")
    response = client.post("/locale", data={"locale": "en", "next": "/frameworks/"})
    assert response.headers["Location"] == "/frameworks/"
    page = client.get("/frameworks/", headers={"Accept-Language": "de"}).text
    assert "Sign out" in page
    assert '<html lang="en">' in page


def test_switch_works_on_the_login_page(client):
    client.post("/locale", data={"locale": "de", "next": "/login"})
    assert "Anmelden" in client.get("/login", headers={"Accept-Language": "en"}).text


def test_switch_refuses_unknown_language_and_foreign_redirects(client, login_as):
    login_as("interviewer")
    response = client.post("/locale", data={"locale": "xx", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_bank_text_stays_in_its_own_language(client, login_as):
    login_as("interviewer")
    page = client.get("/frameworks/account-manager", headers={"Accept-Language": "en"}).text
    assert "Rating scale" in page
    assert "Erfüllt Erwartungen" in page


def extracted_ids(tmp_path) -> set[str]:
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_l", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with pot.open("rb") as fh:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}


def test_every_interface_string_has_a_german_translation(tmp_path):
    ids = extracted_ids(tmp_path)
    assert len(ids) > 20
    with (TRANSLATIONS / "de" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh)
    translated = {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in catalog
        if m.id
        and m.string
        and "fuzzy" not in m.flags
        and (all(m.string) if isinstance(m.string, tuple) else True)
    }
    assert sorted(ids - translated) == []


def messages_of(catalog) -> dict:
    """What gettext answers per message; the header (which names the Babel version that
    wrote the file) is left out. Empty plural forms fall back to the msgid, as in a .mo."""
    result = {}
    for message in catalog:
        if not message.id or "fuzzy" in message.flags:
            continue
        if isinstance(message.id, list | tuple):
            key = tuple(message.id)
            result[key] = tuple(s or key[min(i, 1)] for i, s in enumerate(message.string))
        elif message.string:
            result[message.id] = message.string
    return result


def test_compiled_catalogs_match_their_sources():
    for locale in ("de", "en"):
        folder = TRANSLATIONS / locale / "LC_MESSAGES"
        with (folder / "messages.po").open("rb") as fh:
            source = messages_of(read_po(fh, locale=locale))
        with (folder / "messages.mo").open("rb") as fh:
            compiled = messages_of(read_mo(fh))
        assert compiled == source, f"run 'pybabel compile -d interview/translations' ({locale})"


def test_catalog_comparison_ignores_the_generator_header():
    """A newer Babel writes another Generated-By header; the messages decide."""
    folder = TRANSLATIONS / "de" / "LC_MESSAGES"
    with (folder / "messages.po").open("rb") as fh:
        catalog = read_po(fh, locale="de")
    catalog.header_comment = "# written by some other Babel"
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    assert messages_of(read_mo(compiled)) == messages_of(catalog)


def test_numbers_follow_the_language_of_each_request(app):
    """Formatted numbers are remembered per language: a German page after an English one
    (and back) still gets its own decimal sign."""
    from flask_babel import force_locale

    from interview.rendering import number, signed

    with app.test_request_context():
        for _ in range(2):
            with force_locale("en"):
                assert (number(2.5), signed(-0.5), signed(1), number(None)) == (
                    "2.5", "−0.5", "+1", "–")  # fmt: skip
            with force_locale("de"):
                assert (number(2.5), signed(-0.5), number(1234.5)) == ("2,5", "−0,5", "1.234,5")


def test_interview_times_follow_the_language_of_each_request(app):
    from datetime import UTC, datetime

    from flask_babel import force_locale

    from interview.rendering import moment

    start = datetime(2026, 11, 30, 18, 8, tzinfo=UTC)
    with app.test_request_context():
        for _ in range(2):
            with force_locale("de"):
                german = moment(start)
            with force_locale("en"):
                english = moment(start)
            assert german.startswith("Montag, 30. November 2026, ")
            assert english.startswith("Monday, November 30, 2026, ")
