"""AGG checks: the word lists, the bank check's warnings and the kit's gentle notice."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from interview.agg import (
    GROUNDS,
    WordListInvalid,
    compile_term,
    find,
    load_words,
    parse_words,
)
from interview.cli import main
from tests.bank_builder import AREA, write_bank

WORDS = load_words()


@pytest.mark.parametrize(
    ("language", "text", "grounds"),
    [
        ("de", "Wie alt sind Sie eigentlich?", ["age"]),
        ("de", "Wie  alt\nsind Sie?", ["age"]),
        ("de", "Planen Sie eine Schwangerschaft oder Kinder?", ["family"]),
        ("de", "Sind Sie Mitglied der Gewerkschaft ver.di?", ["union"]),
        ("de", "Hat eine Behinderung Ihre Arbeit beeinflusst?", ["disability"]),
        ("de", "Welche Religion haben Sie, und gehen Sie zur Kirche?", ["religion"]),
        ("de", "Was ist Ihre Muttersprache?", ["ethnic_origin"]),
        # whole words only: no hint for an old customer account or 'Kinderbuchverlag'
        ("de", "Erzählen Sie von einem Altkunden und dem Kinderbuchverlag.", []),
        ("de", "Wie haben Sie die Verwaltung überzeugt?", []),
        ("en", "How old were you when you started? Any children?", ["age", "family"]),
        ("en", "Tell me about a time you managed a chronic escalation.", ["disability"]),
        ("en", "Tell me about a renewal you won.", []),
    ],
)
def test_find(language, text, grounds):
    assert [h.ground for h in find(text, WORDS[language])] == grounds


def test_package_lists_cover_every_ground_in_german_and_english():
    for language in ("de", "en"):
        assert {t.ground for t in WORDS[language]} == set(GROUNDS), language


def test_prefix_terms_match_word_beginnings_only():
    term = compile_term("family", "schwanger*")
    assert term.pattern.search("Schwangerschaftsvertretung")
    assert not term.pattern.search("unschwanger")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("alter\n", "a term before the first [ground]"),
        ("[hobbies]\nfussball\n", "unknown ground [hobbies]"),
        ("[age]\n*\n", "empty term"),
    ],
)
def test_bad_word_lists_name_path_and_line(text, message):
    with pytest.raises(WordListInvalid, match=rf"^list\.txt:\d+: {re.escape(message)}"):
        parse_words(text, "list.txt")


@given(st.text(max_size=200))
def test_find_never_fails_on_any_text(text):
    for hit in find(text, WORDS["de"]):
        assert hit.ground in GROUNDS


TERM_TEXTS = sorted({t.text.rstrip("*").split()[0] for terms in WORDS.values() for t in terms})


@given(
    st.lists(st.sampled_from(TERM_TEXTS) | st.text(max_size=12), max_size=8),
    st.sampled_from(sorted(WORDS)),
)
def test_find_agrees_with_a_search_per_term(parts, language):
    """The combined pattern only decides whether to look closer: the hits are exactly the
    grounds whose terms match one by one."""
    text = " ".join(parts)
    expected: dict[str, str] = {}
    for term in WORDS[language]:
        if term.ground not in expected and term.pattern.search(text):
            expected[term.ground] = term.text
    assert [(h.ground, h.term) for h in find(text, WORDS[language])] == list(expected.items())


def check_bank(*args, env=None):
    return CliRunner().invoke(main, ["check-bank", *args], env=env)


def test_check_bank_warns_with_path_and_line_about_questions_only(tmp_path, monkeypatch):
    monkeypatch.setenv("SCORECARD_INSTANCE_PATH", str(tmp_path / "instance"))
    area = (
        AREA.format(id="area-1", title="Bereich 1")
        .replace("2. Zweite Frage?", "2. Wie alt sind Sie, und planen Sie Kinder?")
        .replace("+ zeigt Verhalten B", "+ spricht offen über Krankheit im Team")
    )
    bank = write_bank(tmp_path / "bank", {"mini/01-area.md": area})
    result = check_bank(str(bank))
    assert result.exit_code == 0, result.output
    line = area.splitlines().index("2. Wie alt sind Sie, und planen Sie Kinder?") + 1
    warnings = [x for x in result.output.splitlines() if ": warning:" in x]
    assert len(warnings) == 2  # age and family, not the indicator line
    assert all(w.startswith(f"{bank}/mini/01-area.md:{line}: warning:") for w in warnings)
    assert "(age: 'wie alt')" in warnings[0]
    assert ", 2 warning(s)" in result.output


def test_the_shipped_bank_has_no_warnings(tmp_path, monkeypatch):
    monkeypatch.setenv("SCORECARD_INSTANCE_PATH", str(tmp_path / "instance"))
    result = check_bank()
    assert result.exit_code == 0
    assert "warning" not in result.output


def test_the_word_lists_can_be_replaced_by_a_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("SCORECARD_INSTANCE_PATH", str(tmp_path / "instance"))
    words = tmp_path / "words"
    words.mkdir()
    (words / "de.txt").write_text("[union]\nbelege\n", encoding="utf-8")
    bank = write_bank(tmp_path / "bank")
    result = check_bank(str(bank), env={"SCORECARD_AGG_WORDS_PATH": str(words)})
    assert result.exit_code == 0
    assert "(union: 'belege')" not in result.output  # 'ein Beleg' is no question
    area = AREA.format(id="area-1", title="Bereich 1").replace(
        "2. Zweite Frage?", "2. Welche Belege haben Sie?"
    )
    write_bank(tmp_path / "bank", {"mini/01-area.md": area})
    result = check_bank(str(bank), env={"SCORECARD_AGG_WORDS_PATH": str(words)})
    assert "(union: 'belege')" in result.output
    (words / "de.txt").write_text("[hobbies]\nfussball\n", encoding="utf-8")
    load_words.cache_clear()
    broken = check_bank(str(bank), env={"SCORECARD_AGG_WORDS_PATH": str(words)})
    assert broken.exit_code == 1
    assert "de.txt:1: unknown ground [hobbies]" in broken.output


# --- the kit's notice --------------------------------------------------------------------------


def test_the_kit_reminds_but_saves_notes_that_mention_a_protected_ground(
    client, login, make_user, make
):
    from tests.factories import AREAS

    anna = make_user("interviewer")
    loop = make("loop", make("application", make("requisition", make_user("hiring_manager"))))
    interview = make("interview", loop, anna, AREAS[0])
    login(anna)
    response = client.post(
        f"/assignments/{interview.id}/kit/fields",
        json={"changes": [
            {"key": "q0_note", "value": "Erwähnte ihre Schwangerschaft von sich aus.", "base": 0},
            {"key": "evidence", "value": "Verlängerte 3 Verträge, +12 % Volumen.", "base": 0},
        ]},
    )  # fmt: skip
    results = {r["key"]: r for r in response.json["results"]}
    assert results["q0_note"]["status"] == "saved"
    assert "Schwangerschaft oder Familienplanung" in results["q0_note"]["notice"]
    assert "nicht beeinflussen" in results["q0_note"]["notice"]
    assert "notice" not in results["evidence"]


def test_the_kit_page_shows_the_reminder_for_stored_notes(client, login, make_user, make):
    from tests.factories import AREAS

    anna = make_user("interviewer")
    loop = make("loop", make("application", make("requisition", make_user("hiring_manager"))))
    interview = make("interview", loop, anna, AREAS[0])
    login(anna)
    client.post(f"/assignments/{interview.id}/kit/fields", json={"changes": [
        {"key": "q1_outcome", "value": "Nannte ihre Religion als Grund.", "base": 0},
    ]})  # fmt: skip
    page = client.get(f"/assignments/{interview.id}/kit").get_data(as_text=True)
    assert 'data-notice="q1_outcome"' in page
    assert "Religion oder Weltanschauung" in page
    assert page.count('class="hint field-notice"') == 1
