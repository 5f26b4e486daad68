"""``scorecard check-bank``: validate a question bank and print what it holds.

Needs neither Flask nor the database, so it runs in a fraction of a second (a pre-commit
hook, a CI step). ``interview.entry`` calls it before Flask is imported.
"""

from __future__ import annotations

import sys
from typing import TextIO

from interview.agg import WordListInvalid, bank_warnings, load_words
from interview.config import read_setting
from interview.question_bank import Bank, BankInvalid, load_bank

USAGE = (
    "Usage: scorecard check-bank [PATH]\n\n"
    "  Validate a question-bank folder (default: the configured one)."
)


def run(path: str | None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Print a summary of the bank (exit status 0) or every problem as
    ``path:line: message`` (exit status 1)."""
    out, err = out or sys.stdout, err or sys.stderr  # looked up now: click's runner swaps them
    path = path or read_setting("QUESTION_BANK_PATH")
    try:
        bank = load_bank(path)
    except BankInvalid as exc:
        for error in exc.errors:
            print(error, file=err)
        print(f"{len(exc.errors)} problem(s) found; nothing was loaded.", file=err)
        return 1
    for line in summary(bank):
        print(line, file=out)
    try:
        warnings = bank_warnings(bank, load_words(read_setting("AGG_WORDS_PATH")))
    except WordListInvalid as exc:
        print(exc, file=err)
        return 1
    for warning in warnings:
        print(warning, file=out)
    print(f"OK: {len(bank.frameworks)} framework(s) in {path}"
          + (f", {len(warnings)} warning(s)" if warnings else ""), file=out)  # fmt: skip
    return 0


def summary(bank: Bank) -> list[str]:
    lines = []
    for framework in bank.frameworks:
        levels = ", ".join(lv.title for lv in framework.levels) or "none (target per area)"
        extremes = ", ".join(str(v) for v in sorted(framework.extreme_values)) or "none"
        scale = ", ".join(
            f"{p.value}" + (f" {p.label}" if p.label else "") for p in framework.scale
        )
        lines += [
            f"{framework.id} ({framework.title}), version {framework.version}",
            f"  language: {framework.language}",
            f"  scale: {len(framework.scale)} points: {scale}",
            f"  levels: {levels}",
            f"  long evidence for ratings: {extremes}",
            f"  areas: {len(framework.areas)}, questions: {framework.question_count}",
        ]
        for group in framework.area_groups:
            indent = "    "
            if group.section is not None:
                lines.append(f"    section {group.section.id}: {group.section.title}")
                indent = "      "
            for area in group.areas:
                target = f", target {area.target}" if area.target is not None else ""
                lines.append(
                    f"{indent}{area.id}: {area.title} ({len(area.questions)} questions{target})"
                )
    return lines


def main(args: list[str]) -> int:
    """The command line: at most one PATH; ``--help``."""
    if any(a in ("-h", "--help") for a in args):
        print(USAGE)
        return 0
    options = [a for a in args if a.startswith("-")]
    if options or len(args) > 1:
        print(USAGE, file=sys.stderr)
        print(f"\nError: unexpected {' '.join(options or args[1:])}", file=sys.stderr)
        return 2
    return run(args[0] if args else None)
