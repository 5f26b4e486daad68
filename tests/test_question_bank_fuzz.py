"""Property: whatever the bank files hold, ``load_bank`` returns a bank or raises
``BankInvalid`` whose every error is a printable ``path:line: message`` (pure: no app)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview.question_bank import Bank, BankInvalid, load_bank
from tests.bank_builder import AREA, FRAMEWORK, write_bank

SECTIONED = FRAMEWORK.replace(
    "  min_areas: 1\n---\n",
    "  min_areas: 1\nextreme_ratings: [1, 4]\nsections:\n  - title: Teil A\n"
    "    areas: [area-1]\n  - title: Teil B\n    id: teil-b\n    areas:\n      - area-2\n---\n",
)
FILES = {
    "mini/framework.md": FRAMEWORK.encode(),
    "mini/framework.md#sections": SECTIONED.encode(),
    "mini/01-area.md": AREA.format(id="area-1", title="Bereich 1").encode(),
}
# Pieces of YAML and Markdown syntax, and the characters and sizes that broke the parser.
SNIPPETS = [
    s.encode() if isinstance(s, str) else s
    for s in [
        "[", "]", "{", "}", "&a ", "*a", "&a [*a]", "!!", "!!float ", "!!python/object ", "! ",
        ":", ": ", "? ", "- ", "'", '"', '"\\ud800"', '"\\0"', "#", " #", " #1", "|", ">", "%",
        "@", "`", "<<: ", "~", "\t", "\r", "\n", "\r\n", "---\n", "...\n", "\x00", "\x07", "\x1b",
        "\x7f", "\u0085", "\u2028", "\ufeff", "2024-02-30", "12:30:99", "0x" + "f" * 400,
        "9" * 5000, "1:" * 500, "[" * 300, "{a: " * 200, "- " * 200, "  " * 300, "1. ",
        "## Fragen\n", "### Junior\n", "   - Nachfrage: ", "\n   " + "x " * 2000,
        b"\xff", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\xc3",
    ]
]  # fmt: skip

edit = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, 10_000), st.sampled_from(SNIPPETS)),
    st.tuples(st.just("insert"), st.integers(0, 10_000), st.binary(min_size=1, max_size=3)),
    st.tuples(st.just("replace"), st.integers(0, 10_000), st.binary(min_size=1, max_size=1)),
    st.tuples(st.just("delete"), st.integers(0, 10_000), st.integers(1, 40)),
    st.tuples(st.just("repeat"), st.integers(0, 10_000), st.integers(2, 50)),
)


def mutate(data: bytes, edits: list) -> bytes:
    for kind, where, what in edits:
        at = where % (len(data) + 1)
        if kind == "insert":
            data = data[:at] + what + data[at:]
        elif kind == "replace":
            data = data[:at] + what + data[at + 1 :]
        elif kind == "delete":
            data = data[:at] + data[at + what :]
        else:  # repeat the line holding ``at``
            start = data.rfind(b"\n", 0, at) + 1
            end = data.find(b"\n", at) + 1 or len(data)
            data = data[:start] + data[start:end] * what + data[end:]
    return data


def assert_loads_or_reports(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = write_bank(Path(tmp))
        for name, data in files.items():
            (root / name).write_bytes(data)
        try:
            bank = load_bank(root)
        except BankInvalid as exc:
            errors = exc.errors
        else:
            assert isinstance(bank, Bank)
            for framework in bank.frameworks:
                assert framework.version  # the snapshot encodes as UTF-8
            return
    assert errors
    written = {str(root / name): data for name, data in files.items()}
    for error in errors:
        text = str(error)
        assert error.path
        assert error.message
        assert "\n" not in text
        text.encode("utf-8")  # printable: no lone surrogates
        if not error.path.endswith(".md"):
            assert error.line == 0, text  # the folder
        elif error.message.startswith("file is larger than"):
            assert error.line == 0, text  # the file as a whole
        else:
            assert error.line >= 1, text
            data = written.get(error.path)
            if data is not None:
                assert error.line <= data.count(b"\n") + 1, text


FUZZ = settings(
    max_examples=200,
    deadline=None,  # a shared CI machine: no timing-based failures
    database=None,  # no .hypothesis folder in the work tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FUZZ
@given(
    name=st.sampled_from(sorted(FILES)),
    edits=st.lists(edit, min_size=1, max_size=4),
)
def test_mutated_bank_file_loads_or_reports_path_and_line(name, edits):
    assert_loads_or_reports({name.split("#")[0]: mutate(FILES[name], edits)})


YAMLISH = st.text(
    alphabet=st.sampled_from(
        list("[]{}&*!:'\"#-?|>%@,. \n\tab19\\") + ["\x00", "\x07", "\u2028", "\ud800", "é"]
    ),
    max_size=120,
)


@FUZZ
@given(front_matter=YAMLISH)
def test_arbitrary_front_matter_loads_or_reports_path_and_line(front_matter):
    text = f"---\nid: area-1\n{front_matter}\n---\n## Fragen\n1. Frage?\n"
    data = text.encode("utf-8", "surrogatepass")
    assert_loads_or_reports({"mini/01-area.md": data})
