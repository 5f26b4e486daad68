"""The corpus of nasty banks: each case gives ``path:line: message``, never a crash or a hang.

Every case runs through ``load_bank`` and through the real ``scorecard check-bank`` in a
subprocess (exit 1, only ``path:line:`` lines). The committed cases live in
``tests/bank_corpus/`` (see its README); what git cannot hold (FIFOs, link loops, broken
links, devices), would only bloat it (files of hundreds of KiB) or trips the linters (files
that are not UTF-8) is made here in tmp_path.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from interview.question_bank import BankInvalid, load_bank
from tests.bank_builder import AREA, write_bank

CORPUS = Path(__file__).resolve().parent / "bank_corpus"
SCORECARD = str(Path(sys.executable).with_name("scorecard"))
PROBLEM_LINE = re.compile(r"^.+:\d+: \S")
HANG_GUARD = 20  # seconds: only catches a hang (a FIFO blocks forever); not a timing assertion


def corpus_cases() -> list[str]:
    return sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def read_expected(case: str) -> tuple[str, str]:
    """(``path:line: ``, message fragment) from the case's expected.txt."""
    text = (CORPUS / case / "expected.txt").read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"(.+?:\d+: )(.+)", text)
    assert match, f"{case}/expected.txt must read 'path:line: fragment'"
    return match.group(1), match.group(2)


def committed_bank(case: str, root: Path) -> Path:
    """The valid test bank with the case's files laid over it."""
    bank = write_bank(root / "bank")
    shutil.copytree(
        CORPUS / case, bank, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt")
    )
    return bank


def load_errors(bank: Path, monkeypatch) -> list[str]:
    monkeypatch.chdir(bank)
    with pytest.raises(BankInvalid) as excinfo:
        load_bank(Path("."))
    return [str(e) for e in excinfo.value.errors]


def run_check_bank(bank: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCORECARD_")}
    env["SCORECARD_INSTANCE_PATH"] = str(tmp_path / "instance")
    return subprocess.run(
        [SCORECARD, "check-bank", "."],
        cwd=bank, env=env, capture_output=True, text=True, timeout=HANG_GUARD,
    )  # fmt: skip


def assert_reported(errors: list[str], prefix: str, fragment: str) -> None:
    assert any(e.startswith(prefix) and fragment in e for e in errors), errors


def assert_check_bank_reports(result: subprocess.CompletedProcess, prefix: str, fragment: str):
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    *problems, summary = result.stderr.splitlines()
    assert summary.endswith("problem(s) found; nothing was loaded.")
    assert problems
    assert all(PROBLEM_LINE.match(line) for line in problems), problems
    assert_reported(problems, prefix, fragment)


def test_the_corpus_is_there():
    assert len(corpus_cases()) >= 30


@pytest.mark.parametrize("case", corpus_cases())
def test_corpus_case_through_load_bank(case, tmp_path, monkeypatch):
    prefix, fragment = read_expected(case)
    assert_reported(load_errors(committed_bank(case, tmp_path), monkeypatch), prefix, fragment)


@pytest.mark.parametrize("case", corpus_cases())
def test_corpus_case_through_check_bank(case, check_bank_results):
    prefix, fragment = read_expected(case)
    assert_check_bank_reports(check_bank_results[case], prefix, fragment)


# --- made at test time ----------------------------------------------------------------------


def _fifo(folder: Path) -> None:
    os.mkfifo(folder / "03-area.md")  # reading it would block forever


def _link_loop(folder: Path) -> None:
    os.symlink("03-area.md", folder / "03-area.md")


def _link_pair_loop(folder: Path) -> None:
    os.symlink("04-area.md", folder / "03-area.md")
    os.symlink("03-area.md", folder / "04-area.md")


def _dangling_link(folder: Path) -> None:
    os.symlink("nowhere.md", folder / "03-area.md")


def _device(folder: Path) -> None:
    os.symlink("/dev/zero", folder / "03-area.md")  # never ends


def _oversized(folder: Path) -> None:
    with open(folder / "03-area.md", "wb") as fh:
        fh.truncate(300 * 1024)  # sparse: no disk used


def _flood_of_nuls(folder: Path) -> None:
    (folder / "03-area.md").write_bytes(b"---\nid: x\n" + b"\0" * 200_000)


def _invalid_utf8(folder: Path) -> None:
    # Not committed: ruff reads the Markdown files of the repository and refuses non-UTF-8.
    area = AREA.format(id="area-3", title="B").encode()
    (folder / "03-area.md").write_bytes(area.replace(b"title: B", b"title: B\xff"))


def _utf16(folder: Path) -> None:
    area = AREA.format(id="area-3", title="B")
    (folder / "03-area.md").write_bytes(area.encode("utf-16"))


def _long_whitespace_lines(folder: Path) -> None:
    # A quadratic regular expression once took minutes on such lines.
    spaces = " " * 50_000
    area = AREA.format(id="area-3", title="B").replace("1. Erste Frage?", f"1. a{spaces}b")
    area = area.replace("   - Nachfrage: Wer", f"   - Nachfrage: a{spaces}b Wer")
    area = area.replace("+ zeigt Verhalten A", f"+{spaces}")
    (folder / "03-area.md").write_text(area, encoding="utf-8")


def _many_continuation_lines(folder: Path) -> None:
    area = AREA.format(id="area-3", title="B").replace("2. Zweite Frage?", "2.")
    area = area.replace("1. Erste Frage?", "1. Erste Frage?" + "\n   weiter" * 20_000)
    (folder / "03-area.md").write_text(area, encoding="utf-8")


def _many_values(folder: Path) -> None:
    items = ", ".join(["1"] * 5000)
    area = AREA.format(id="area-3", title="B").replace("definition: Eine", f"x: [{items}]\nd: ")
    (folder / "03-area.md").write_text(area, encoding="utf-8")


def _many_levels(folder: Path) -> None:
    levels = "".join(f"  - Level {n}\n" for n in range(3000))
    framework = (folder / "framework.md").read_text(encoding="utf-8")
    (folder / "framework.md").write_text(
        framework.replace("  - Junior\n", levels), encoding="utf-8"
    )


def _broken_framework_link(folder: Path) -> None:
    os.symlink("nowhere", folder.parent / "zweites-modell")


GENERATED = {
    "fifo": (_fifo, "mini/03-area.md:0: ", "is a named pipe (FIFO), not a regular file"),
    "link_loop": (_link_loop, "mini/03-area.md:0: ", "symbolic link loop"),
    "link_pair_loop": (_link_pair_loop, "mini/04-area.md:0: ", "symbolic link loop"),
    "dangling_link": (_dangling_link, "mini/03-area.md:0: ", "broken link"),
    "device": (_device, "mini/03-area.md:0: ", "is a device, not a regular file"),
    "oversized": (_oversized, "mini/03-area.md:0: ", "file is larger than 256 KiB"),
    "invalid_utf8": (_invalid_utf8, "mini/03-area.md:3: ", "file is not valid UTF-8"),
    "utf16": (_utf16, "mini/03-area.md:1: ", "file is UTF-16"),
    "flood_of_nuls": (_flood_of_nuls, "mini/03-area.md:3: ", "NUL character (U+0000)"),
    "long_whitespace_lines": (_long_whitespace_lines, "mini/03-area.md:8: ", "empty bullet line"),
    "many_continuation_lines": (
        _many_continuation_lines, "mini/03-area.md:20023: ", "question without text",
    ),
    "many_values": (_many_values, "mini/03-area.md:4: ", "front matter has more than 2000 values"),
    "front_matter_too_long": (_many_levels, "mini/framework.md:2: ", "front matter is longer"),
    "broken_framework_link": (_broken_framework_link, "zweites-modell:0: ", "broken link"),
}  # fmt: skip


def generated_bank(case: str, root: Path) -> Path:
    bank = write_bank(root / "bank")
    GENERATED[case][0](bank / "mini")
    return bank


@pytest.mark.parametrize("case", sorted(GENERATED))
def test_generated_case_through_load_bank(case, tmp_path, monkeypatch):
    _, prefix, fragment = GENERATED[case]
    assert_reported(load_errors(generated_bank(case, tmp_path), monkeypatch), prefix, fragment)


@pytest.mark.parametrize("case", sorted(GENERATED))
def test_generated_case_through_check_bank(case, check_bank_results):
    _, prefix, fragment = GENERATED[case]
    assert_check_bank_reports(check_bank_results[case], prefix, fragment)


@pytest.fixture(scope="module")
def check_bank_results(tmp_path_factory) -> dict[str, subprocess.CompletedProcess]:
    """``scorecard check-bank`` on every case, a few processes at a time (each one
    spends most of its time starting Python, so running them side by side saves minutes)."""
    root = tmp_path_factory.mktemp("check-bank")
    banks = {case: committed_bank(case, root / case) for case in corpus_cases()}
    banks |= {case: generated_bank(case, root / case) for case in GENERATED}
    with ThreadPoolExecutor(max_workers=(os.cpu_count() or 1) + 1) as pool:
        futures = {case: pool.submit(run_check_bank, bank, root) for case, bank in banks.items()}
        return {case: future.result() for case, future in futures.items()}
