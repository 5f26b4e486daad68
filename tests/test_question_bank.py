"""Parser and validator of the Markdown question bank (pure: no app, no database)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from interview.question_bank import BankInvalid, framework_from_dict, framework_to_dict, load_bank
from tests.bank_builder import AREA, FRAMEWORK, soll_bank, write_bank

BANK = Path(__file__).resolve().parent.parent / "question_bank"


def errors_of(root: Path) -> list[str]:
    with pytest.raises(BankInvalid) as excinfo:
        load_bank(root)
    return [str(e) for e in excinfo.value.errors]


# --- the shipped Account-Manager framework -------------------------------------------------


@pytest.fixture(scope="module")
def account_manager():
    framework = load_bank(BANK).get("account-manager")
    assert framework is not None
    return framework


def test_account_manager_has_six_areas_and_four_levels(account_manager):
    assert [a.title for a in account_manager.areas] == [
        "Beziehungstiefe & Vertrauen",
        "Renewal Management",
        "Account Expansion & Upselling",
        "Customer Advocacy",
        "Portfolio Management",
        "Problemlösung & Eskalation",
    ]
    assert [lv.title for lv in account_manager.levels] == ["Junior", "Mid-Level", "Senior", "Lead"]
    assert account_manager.language == "de"


def test_account_manager_scale_has_four_anchored_points(account_manager):
    assert [(p.value, p.label) for p in account_manager.scale] == [
        (1, "Erfüllt nicht"),
        (2, "In Entwicklung"),
        (3, "Erfüllt Erwartungen"),
        (4, "Übertrifft Erwartungen"),
    ]
    assert all(p.anchor and len(p.anchor) > 40 for p in account_manager.scale)


def test_account_manager_areas_are_complete(account_manager):
    for area in account_manager.areas:
        assert len(area.questions) >= 4, area.id
        assert all(q.outcome_probe for q in area.questions)
        assert area.indicators
        assert area.evidence
        assert area.definition
        assert [e.level_id for e in area.expectations] == [lv.id for lv in account_manager.levels]
    probes = [q.outcome_probe for a in account_manager.areas for q in a.questions]
    assert probes.count("Was war das Ergebnis?") >= len(probes) - len(account_manager.areas)


@pytest.mark.parametrize(
    ("area_id", "level", "figure"),
    [
        ("portfolio-management", "junior", "10–15"),
        ("portfolio-management", "mid-level", "15–25"),
        ("portfolio-management", "mid-level", "90%"),
        ("portfolio-management", "senior", "5–10"),
        ("account-expansion-upselling", "mid-level", "10–15%"),
        ("account-expansion-upselling", "senior", "20–30%"),
        ("account-expansion-upselling", "lead", "30%"),
        ("renewal-management", "mid-level", "90 Tage"),
        ("problemloesung-eskalation", "mid-level", "80%"),
        ("problemloesung-eskalation", "lead", "30%"),
        ("customer-advocacy", "mid-level", "1–2"),
    ],
)
def test_account_manager_keeps_the_reference_figures(account_manager, area_id, level, figure):
    assert figure in account_manager.area(area_id).expectation(level)


def test_account_manager_default_decision_rule(account_manager):
    rule = account_manager.decision_rule
    assert (rule.min_rating, rule.min_areas, rule.none_below) == (3, 5, 2)
    assert account_manager.level_allowance == 1


# --- format features -------------------------------------------------------------------------


def test_minimal_bank_parses_questions_and_probes(tmp_path):
    framework = load_bank(write_bank(tmp_path)).get("mini")
    area = framework.areas[0]
    assert [q.text for q in area.questions] == [
        "Erste Frage?",
        "Zweite Frage?",
        "Dritte Frage?",
        "Vierte Frage?",
    ]
    assert area.questions[0].probes == ("Wer war beteiligt?",)
    assert area.questions[0].outcome_probe == "Was war das Ergebnis?"
    assert area.questions[3].outcome_probe == "Welche Zahl stand am Ende?"
    assert area.indicators == ("zeigt Verhalten A", "zeigt Verhalten B")
    assert area.expectation("senior") == "Erwartung Senior."
    assert framework.scale[1].label is None


def test_multi_line_questions_and_english_headings(tmp_path):
    area = AREA.format(id="area-1", title="Bereich 1").replace("## Fragen", "## Questions")
    area = area.replace("1. Erste Frage?", "1. Erste Frage,\n   über zwei Zeilen?")
    area = area.replace("## Indikatoren", "## Indicators")
    framework = load_bank(write_bank(tmp_path, {"mini/01-area.md": area})).get("mini")
    assert framework.areas[0].questions[0].text == "Erste Frage, über zwei Zeilen?"


def test_35_area_soll_profile_bank_with_five_point_scale(tmp_path):
    framework = load_bank(soll_bank(tmp_path)).get("fuehrung")
    assert len(framework.areas) == 35
    assert len(framework.scale) == 5
    assert [p.label for p in framework.scale] == [
        "bringt dies kaum ein",
        None,
        None,
        None,
        "bringt dies jederzeit ein",
    ]
    assert not framework.has_levels
    assert framework.areas[0].title == "PERSONALREKRUTIERUNG, -AUSWAHL UND -EINSTELLUNG"
    assert framework.areas[1].title == "DATENKOMPETENZ (DATA LITERACY)"
    assert framework.areas[2].title == "Vertriebscontrolling/Kennzahlen"
    assert framework.areas[3].title == "Krisenbewältigung & Größe zeigen"
    assert [a.target for a in framework.areas[:5]] == [2, 3, 4, 5, 1]
    assert len(framework.areas[8].indicators) == 10
    assert framework.decision_rule.min_rating == "target"
    assert framework.decision_rule.min_areas == "all"


# --- versions --------------------------------------------------------------------------------


def test_version_is_stable_across_whitespace_and_location(tmp_path):
    first = load_bank(write_bank(tmp_path / "a")).get("mini")
    moved = tmp_path / "b"
    shutil.copytree(tmp_path / "a", moved)
    area = moved / "mini" / "01-area.md"
    area.write_text(area.read_text().replace("\n## Fragen", "\n\n\n## Fragen"))
    assert load_bank(moved).get("mini").version == first.version


def test_version_changes_with_content(tmp_path):
    before = load_bank(write_bank(tmp_path)).get("mini").version
    area = tmp_path / "mini" / "02-area.md"
    area.write_text(area.read_text().replace("Zweite Frage?", "Zweite, andere Frage?"))
    assert load_bank(tmp_path).get("mini").version != before


def test_snapshot_round_trip_keeps_version(account_manager):
    restored = framework_from_dict(framework_to_dict(account_manager))
    assert restored == account_manager
    assert restored.version == account_manager.version


# --- broken banks: every problem with path:line ----------------------------------------------

BROKEN = {
    "malformed_yaml": (
        {"mini/01-area.md": AREA.format(id="area-1", title="Bereich 1").replace(
            "definition: Eine", "definition: [Eine")},
        "mini/01-area.md:4: malformed YAML",
    ),
    "missing_scale": (
        {"mini/framework.md": FRAMEWORK.replace(FRAMEWORK[FRAMEWORK.index("scale:"):FRAMEWORK.index("levels:")], "")},
        "mini/framework.md:2: missing required key 'scale'",
    ),
    "duplicate_area_id": (
        {"mini/02-area.md": AREA.format(id="area-1", title="Nochmal")},
        "mini/02-area.md:2: duplicate area id 'area-1' (also in ",
    ),
    "question_without_text": (
        {"mini/01-area.md": AREA.format(id="area-1", title="B").replace("2. Zweite Frage?", "2.")},
        "mini/01-area.md:23: question without text",
    ),
    "undefined_level": (
        {"mini/01-area.md": AREA.format(id="area-1", title="B").replace("### Senior", "### Expert")},
        "mini/01-area.md:14: level 'Expert' is not defined in framework.md (defined: Junior, Senior)",
    ),
    "unknown_front_matter_key": (
        {"mini/01-area.md": AREA.format(id="area-1", title="B").replace("title: B", "title: B\ncolour: red")},
        "mini/01-area.md:4: unknown key 'colour'",
    ),
    "too_few_questions": (
        {"mini/01-area.md": AREA.format(id="area-1", title="B").replace("4. Vierte Frage?", "")
            .replace("   - Ergebnis: Welche Zahl stand am Ende?\n", "")},
        "mini/01-area.md:20: needs at least 4 questions, found 3",
    ),
    "duplicate_yaml_key": (
        {"mini/framework.md": FRAMEWORK.replace("language: de", "language: de\ntitle: Nochmal")},
        "mini/framework.md:5: duplicate key 'title' (first on line 3)",
    ),
    "scale_too_short": (
        {"mini/framework.md": FRAMEWORK.replace("  - value: 2\n  - value: 3\n", "")},
        "mini/framework.md:6: 'scale' must list 3 to 7 points",
    ),
    "scale_end_without_label": (
        {"mini/framework.md": FRAMEWORK.replace("    label: Übertrifft\n", "")},
        "mini/framework.md:12: the end point 4 of the scale needs a 'label'",
    ),
    "scale_not_ascending": (
        {"mini/framework.md": FRAMEWORK.replace("  - value: 2\n  - value: 3\n", "  - value: 3\n  - value: 2\n")},
        "mini/framework.md:6: scale values must be unique and in ascending order",
    ),
    "unknown_section": (
        {"mini/01-area.md": AREA.format(id="area-1", title="B").replace("## Nachweise", "## Belege")},
        "mini/01-area.md:17: unknown section '## Belege'",
    ),
    "missing_level_expectation": (
        {"mini/01-area.md": AREA.format(id="area-1", title="B").replace("### Senior\nErwartung Senior.\n", "")},
        "mini/01-area.md:11: no expectation for level(s): Senior",
    ),
    "target_in_framework_with_levels": (
        {"mini/01-area.md": AREA.format(id="area-1", title="B").replace("title: B", "title: B\ntarget: 3")},
        "mini/01-area.md:4: 'target' is only for frameworks without levels",
    ),
    "rule_needs_more_areas_than_exist": (
        {"mini/framework.md": FRAMEWORK.replace("min_areas: 1", "min_areas: 7")},
        "mini/framework.md:21: 'min_areas' must be 'all' or a number from 1 to 2",
    ),
    "missing_front_matter": (
        {"mini/01-area.md": "# Nur Markdown\n"},
        "mini/01-area.md:1: file must start with a '---' line",
    ),
    "unclosed_front_matter": (
        {"mini/01-area.md": "---\nid: x\n"},
        "mini/01-area.md:1: front matter is not closed",
    ),
    "bad_id": (
        {"mini/01-area.md": AREA.format(id="Bereich Eins", title="B")},
        "mini/01-area.md:2: 'id' must be lower-case letters, digits and dashes",
    ),
    "outcome_probe_twice": (
        {"mini/01-area.md": AREA.format(id="area-1", title="B").replace(
            "   - Ergebnis: Welche Zahl stand am Ende?\n",
            "   - Ergebnis: Welche Zahl?\n   - Ergebnis: Und noch eine?\n")},
        "mini/01-area.md:27: a question has at most one 'Ergebnis:' line",
    ),
    "unknown_sub_item": (
        {"mini/01-area.md": AREA.format(id="area-1", title="B").replace(
            "   - Nachfrage: Wer", "   - Hinweis: Wer")},
        "mini/01-area.md:22: unknown sub-item 'Hinweis:'",
    ),
    "framework_without_areas": (
        {"solo/framework.md": FRAMEWORK.replace("id: mini", "id: solo")},
        "solo:0: framework has no area files",
    ),
    "folder_without_framework": (
        {"lose/01-area.md": AREA.format(id="area-1", title="B")},
        "lose:0: no framework.md in this folder",
    ),
    "duplicate_framework_id": (
        {"zwei/framework.md": FRAMEWORK, "zwei/01-area.md": AREA.format(id="a", title="A")},
        "zwei/framework.md:2: duplicate framework id 'mini'",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", BROKEN.keys())
def test_broken_bank_reports_path_and_line(tmp_path, monkeypatch, case):
    files, expected = BROKEN[case]
    write_bank(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    errors = errors_of(Path("."))
    assert any(e.startswith(expected) for e in errors), errors


def test_empty_folder_is_an_error(tmp_path, monkeypatch):
    (tmp_path / "bank").mkdir()
    monkeypatch.chdir(tmp_path)
    assert errors_of(Path("bank")) == ["bank:0: no framework found: expected <folder>/framework.md"]


def test_missing_folder_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert errors_of(Path("nowhere")) == ["nowhere:0: question bank folder not found"]


def test_every_problem_is_reported_at_once(tmp_path, monkeypatch):
    write_bank(
        tmp_path,
        {
            "mini/01-area.md": AREA.format(id="area-1", title="B").replace(
                "2. Zweite Frage?", "2."
            ),
            "mini/02-area.md": AREA.format(id="area-2", title="C").replace("### Senior", "### X"),
        },
    )
    monkeypatch.chdir(tmp_path)
    errors = errors_of(Path("."))
    assert any(e.startswith("mini/01-area.md:23: question without text") for e in errors)
    assert any(e.startswith("mini/02-area.md:14: level 'X'") for e in errors)


def test_one_broken_area_loads_nothing(tmp_path):
    write_bank(tmp_path, {"mini/02-area.md": "---\nid: [\n---\n"})
    with pytest.raises(BankInvalid):
        load_bank(tmp_path)


def test_invalid_utf8_is_reported(tmp_path, monkeypatch):
    write_bank(tmp_path)
    (tmp_path / "mini" / "01-area.md").write_bytes(b"---\nid: a\ntitle: \xff\n---\n")
    monkeypatch.chdir(tmp_path)
    assert "mini/01-area.md:3: file is not valid UTF-8" in errors_of(Path("."))


def test_the_documented_example_loads(tmp_path):
    """The complete example in question_bank/README.md is a valid bank as written."""
    readme = (BANK / "README.md").read_text(encoding="utf-8")
    example = readme.split("## Complete small example", 1)[1]
    for name in ("framework.md", "kommunikation.md"):
        block = example.split(f"`question_bank/beispiel/{name}`:", 1)[1]
        content = block.split("```markdown\n", 1)[1].split("\n```\n", 1)[0]
        (tmp_path / "beispiel").mkdir(exist_ok=True)
        (tmp_path / "beispiel" / name).write_text(content + "\n", encoding="utf-8")
    framework = load_bank(tmp_path).get("beispiel")
    assert framework.areas[0].title == "Kommunikation (intern/extern)"
    assert framework.areas[0].target == 4
    assert framework.areas[0].questions[3].outcome_probe == "Welche Entscheidung fiel danach?"
    assert [p.label for p in framework.scale][1:4] == [None, None, None]


# --- encodings, line ends, comments (the nasty cases are in test_question_bank_corpus.py) ---


def test_byte_order_mark_is_accepted_and_keeps_lines_and_version(tmp_path, monkeypatch):
    plain = load_bank(write_bank(tmp_path / "plain")).get("mini")
    bank = write_bank(tmp_path / "bom")
    for path in (bank / "mini").iterdir():
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_bank(bank).get("mini").version == plain.version
    area = bank / "mini" / "01-area.md"
    area.write_bytes(area.read_bytes().replace(b"2. Zweite Frage?", b"2."))
    monkeypatch.chdir(bank)
    assert "mini/01-area.md:23: question without text" in errors_of(Path("."))


def test_windows_line_ends_are_accepted(tmp_path):
    plain = load_bank(write_bank(tmp_path / "plain")).get("mini")
    bank = write_bank(tmp_path / "crlf")
    for path in (bank / "mini").iterdir():
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert load_bank(bank).get("mini").version == plain.version


def test_hidden_files_are_ignored(tmp_path):
    bank = write_bank(tmp_path)
    (bank / "mini" / ".03-draft.md").write_bytes(b"\0\0")
    os.symlink("user@host.1234", bank / "mini" / ".#01-area.md")  # an editor's lock file
    assert len(load_bank(bank).get("mini").areas) == 2


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("title: Bereich 1  # shown in lists", "Bereich 1"),  # a deliberate comment
        ('title: "Vertrieb #1 Region"', "Vertrieb #1 Region"),
        ("title: C# und F#", "C# und F#"),  # no space before '#': not a comment in YAML
    ],
)
def test_comments_and_hashes_that_are_fine(tmp_path, line, title):
    area = AREA.format(id="area-1", title="B").replace("title: B", line)
    framework = load_bank(write_bank(tmp_path, {"mini/01-area.md": area})).get("mini")
    assert framework.areas[0].title == title


def test_messages_stay_on_one_line(tmp_path, monkeypatch):
    area = AREA.format(id="area-1", title="B").replace("title: B", 'title: B\n"a\\nb": c')
    write_bank(tmp_path, {"mini/01-area.md": area})
    monkeypatch.chdir(tmp_path)
    assert "mini/01-area.md:4: unknown key 'a\\nb' (allowed: definition, id, target, title)" in (
        errors_of(Path("."))
    )


def test_a_path_with_a_nul_character_is_not_found(tmp_path):
    assert errors_of(tmp_path / "bank\0name")[0].endswith(":0: question bank folder not found")
