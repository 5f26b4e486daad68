"""Sections and extreme ratings in ``framework.md`` (pure: no app, no database)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview.bank_check import summary
from interview.kit.fields import EvidenceRule, check_submission
from interview.question_bank import (
    BankInvalid,
    Framework,
    framework_from_dict,
    framework_to_dict,
    load_bank,
)
from tests.bank_builder import FRAMEWORK, SECTION_TITLES, soll_bank, write_bank

BANK = Path(__file__).resolve().parent.parent / "question_bank"


def with_front(extra: str) -> str:
    """The test framework with more front-matter lines (after line 21)."""
    return FRAMEWORK.replace("  min_areas: 1\n---\n", "  min_areas: 1\n" + extra + "---\n")


def load_mini(extra: str, areas: int = 2) -> Framework:
    with tempfile.TemporaryDirectory() as root:
        files = {"mini/framework.md": with_front(extra)}
        return load_bank(write_bank(Path(root), files, areas=areas)).get("mini")


def test_35_areas_in_five_sections(tmp_path):
    framework = load_bank(soll_bank(tmp_path, sectioned=True)).get("fuehrung")
    groups = framework.area_groups
    assert [g.section.title for g in groups] == list(SECTION_TITLES)
    assert [len(g.areas) for g in groups] == [7] * 5
    assert groups[4].section.id == "daten-recht-systeme"
    assert [a.id for g in groups for a in g.areas] == [a.id for a in framework.areas]


def test_sections_order_the_areas_everywhere():
    framework = load_mini(
        "sections:\n  - title: Später\n    id: spaeter\n    areas: [area-3, area-1]\n"
        "  - title: Zuerst\n    areas: [area-2]\n",
        areas=3,
    )
    assert [a.id for a in framework.areas] == ["area-3", "area-1", "area-2"]
    assert [(g.section.id, [a.id for a in g.areas]) for g in framework.area_groups] == [
        ("spaeter", ["area-3", "area-1"]),
        ("zuerst", ["area-2"]),
    ]


def test_without_sections_one_group_in_file_order():
    framework = load_bank(BANK).get("account-manager")
    assert framework.sections == ()
    (group,) = framework.area_groups
    assert group.section is None
    assert group.areas == framework.areas


def test_extreme_ratings_default_to_both_ends():
    assert load_bank(BANK).get("account-manager").extreme_values == {1, 4}
    assert load_mini("").extreme_values == {1, 4}


@pytest.mark.parametrize(
    ("line", "values"),
    [("extreme_ratings: [1]\n", {1}), ("extreme_ratings: [4, 1, 2]\n", {1, 2, 4}),
     ("extreme_ratings: []\n", set())],
)  # fmt: skip
def test_the_framework_says_which_ratings_are_extreme(line, values):
    assert load_mini(line).extreme_values == values


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("extreme_ratings: [1, 1]\n", "mini/framework.md:22: 'extreme_ratings' lists 1 twice"),
        ("extreme_ratings: [true]\n", "mini/framework.md:22: 'extreme_ratings' may only list"),
        ("extreme_ratings: [[1]]\n", "mini/framework.md:22: 'extreme_ratings' may only list"),
        ("sections: []\n", "mini/framework.md:22: 'sections' must be a list of sections"),
        ("sections:\n  - Erste\n", "mini/framework.md:23: a section is a mapping"),
        ("sections:\n  - title: A\n    areas: [area-1, area-2]\n    farbe: rot\n",
         "mini/framework.md:25: unknown key 'farbe'"),
        ("sections:\n  - title: A\n    areas: area-1\n",
         "mini/framework.md:24: 'areas' must be a list"),
        ("sections:\n  - title: A\n    areas: [area-1, {x: 1}]\n",
         "mini/framework.md:24: an area in a section is named by its id"),
        ("sections:\n  - title: A\n    id: Groß\n    areas: [area-1, area-2]\n",
         "mini/framework.md:24: section id 'Groß' must be lower-case"),
        ("sections:\n  - areas: [area-1, area-2]\n",
         "mini/framework.md:23: missing required key 'title'"),
    ],
)  # fmt: skip
def test_bad_sections_and_extremes_are_reported_with_their_line(extra, expected):
    with pytest.raises(BankInvalid) as excinfo:
        load_mini(extra)
    errors = [str(e) for e in excinfo.value.errors]
    assert any(f"/{expected}" in e for e in errors), errors


def test_a_broken_area_file_gives_no_unknown_area_noise(tmp_path):
    sections = "sections:\n  - title: A\n    areas: [area-1, area-2]\n"
    broken = {
        "mini/framework.md": with_front(sections),
        "mini/02-area.md": "---\nid: area-2\n---\n",
    }
    with pytest.raises(BankInvalid) as excinfo:
        load_bank(write_bank(tmp_path, broken))
    errors = [str(e) for e in excinfo.value.errors]
    assert all(e.startswith("mini/02-area.md") or "/02-area.md" in e for e in errors), errors


def test_unused_features_keep_the_version_of_older_frameworks():
    framework = load_bank(BANK).get("account-manager")
    data = framework_to_dict(framework)
    assert "sections" not in data
    assert "extreme_ratings" not in data


def test_snapshot_round_trip_keeps_sections_and_extremes(tmp_path):
    bank = soll_bank(tmp_path, sectioned=True, extra="extreme_ratings: [1, 2]\n")
    framework = load_bank(bank).get("fuehrung")
    restored = framework_from_dict(framework_to_dict(framework))
    assert restored == framework
    assert restored.version == framework.version
    assert restored.extreme_values == {1, 2}
    assert restored.area_groups == framework.area_groups


def test_sections_and_extremes_are_part_of_the_version(tmp_path):
    plain = load_bank(soll_bank(tmp_path / "a", areas=10)).get("fuehrung").version
    grouped = load_bank(soll_bank(tmp_path / "b", areas=10, sectioned=True)).get("fuehrung")
    extremes = load_bank(soll_bank(tmp_path / "c", areas=10, extra="extreme_ratings: [5]\n"))
    assert len({plain, grouped.version, extremes.get("fuehrung").version}) == 3


# --- property: any grouping loads exactly when it places every area once ---------------------

AREA_IDS = ["area-1", "area-2", "area-3"]
GROUPING = st.lists(
    st.lists(st.sampled_from([*AREA_IDS, "area-9", "Area 1", "7"]), max_size=4),
    min_size=1,
    max_size=4,
)


@settings(max_examples=150, deadline=None, database=None)
@given(grouping=GROUPING)
def test_any_grouping_loads_exactly_when_every_area_is_placed_once(grouping):
    lines = ["sections:"]
    for index, ids in enumerate(grouping):
        lines += [f"  - title: Teil {index}", f"    areas: [{', '.join(ids)}]"]
    text = with_front("\n".join(lines) + "\n")
    placed = [i for ids in grouping for i in ids]
    valid = sorted(placed) == AREA_IDS and all(grouping)
    if not valid:
        with pytest.raises(BankInvalid) as excinfo:
            load_mini("\n".join(lines) + "\n", areas=3)
        for error in excinfo.value.errors:
            assert error.path.endswith("mini/framework.md"), error
            assert 22 <= error.line <= text.count("\n"), error
        return
    framework = load_mini("\n".join(lines) + "\n", areas=3)
    assert [a.id for a in framework.areas] == placed


def test_check_bank_lists_sections_and_extreme_ratings(tmp_path):
    bank = load_bank(soll_bank(tmp_path, areas=10, sectioned=True, extra="extreme_ratings: [1]\n"))
    lines = summary(bank)
    assert "  long evidence for ratings: 1" in lines
    assert "    section kommunikation-wirkung: Kommunikation & Wirkung" in lines
    assert lines.index("    section fuehrung-personal: Führung & Personal") < lines.index(
        "      kriterium-3: Vertriebscontrolling/Kennzahlen (4 questions, target 4)"
    )


# --- the kit's evidence rule follows the framework's extreme ratings -------------------------


@pytest.mark.parametrize(
    ("extra", "rating", "code"),
    [
        ("", "1", "evidence_extreme"),
        ("", "4", "evidence_extreme"),
        ("", "2", None),
        ("extreme_ratings: [1]\n", "4", None),
        ("extreme_ratings: [1]\n", "1", "evidence_extreme"),
        ("extreme_ratings: [2, 3]\n", "3", "evidence_extreme"),
        ("extreme_ratings: []\n", "1", None),
    ],
)
def test_kit_evidence_rule_uses_the_frameworks_extreme_ratings(extra, rating, code):
    framework = load_mini(extra)
    values = {"rating": rating, "evidence": "x" * 40}
    problems = check_submission(values, framework, EvidenceRule(20, 150))
    assert [p.code for p in problems] == ([code] if code else [])
    values["evidence"] = "x" * 150
    assert check_submission(values, framework, EvidenceRule(20, 150)) == []
