"""Read a question-bank folder: one framework per sub-folder, all or nothing."""

from __future__ import annotations

import os
from pathlib import Path

from interview.question_bank.area_file import read_area
from interview.question_bank.errors import BankInvalid, ErrorList
from interview.question_bank.framework_file import read_head, read_rule
from interview.question_bank.markdown_doc import read_document
from interview.question_bank.model import Area, Bank, Framework

FRAMEWORK_FILE = "framework.md"


def load_bank(path: str | os.PathLike[str]) -> Bank:
    """Parse and validate every framework under ``path``.

    Raises ``BankInvalid`` with every problem found (sorted by file and line);
    a bank with any problem yields nothing, so no framework is ever half-loaded.
    """
    root = Path(path)
    errors = ErrorList()
    frameworks: list[Framework] = []
    if not root.is_dir():
        errors.add(_display(root), 0, "question bank folder not found")
        raise BankInvalid(errors.items)
    folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    for folder in folders:
        framework = _load_framework(folder, errors)
        if framework is not None:
            frameworks.append(framework)
    if not folders:
        errors.add(_display(root), 0, f"no framework found: expected <folder>/{FRAMEWORK_FILE}")
    _check_unique_ids(frameworks, errors)
    if errors:
        raise BankInvalid(sorted(errors.items))
    return Bank(str(root), tuple(frameworks))


def _load_framework(folder: Path, errors: ErrorList) -> Framework | None:
    framework_path = folder / FRAMEWORK_FILE
    if not framework_path.is_file():
        errors.add(_display(folder), 0, f"no {FRAMEWORK_FILE} in this folder")
        return None
    before = len(errors)
    doc = _read(framework_path, errors, with_sections=False)
    head = read_head(doc, errors) if doc else None
    area_files = sorted(p for p in folder.glob("*.md") if p.name != FRAMEWORK_FILE)
    if not area_files:
        errors.add(_display(folder), 0, "framework has no area files (one .md file per area)")
    areas: list[Area] = []
    seen: dict[str, str] = {}
    for area_path in area_files:
        area_doc = _read(area_path, errors, with_sections=True)
        area = read_area(area_doc, head, errors) if area_doc else None
        if area is None:
            continue
        if area.id in seen:
            errors.add(
                _display(area_path),
                area_doc.meta.line_of("id"),
                f"duplicate area id '{area.id}' (also in {seen[area.id]})",
            )
            continue
        seen[area.id] = _display(area_path)
        areas.append(area)
    rule = None
    if doc and head and head.rule_meta is not None:
        rule = read_rule(doc.path, head.rule_meta, errors, head.scale, len(area_files))
    if head is None or len(errors) > before:
        return None
    return Framework(
        id=head.id, title=head.title, language=head.language, scale=head.scale,
        probe=head.probe, areas=tuple(areas), levels=head.levels,
        description=head.description, body=head.body, decision_rule=rule,
        recommendation=head.recommendation, level_allowance=head.level_allowance,
        source=_display(folder),
    )  # fmt: skip


def _read(path: Path, errors: ErrorList, *, with_sections: bool):
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        errors.add(_display(path), line, "file is not valid UTF-8")
        return None
    return read_document(_display(path), text, errors, with_sections=with_sections)


def _check_unique_ids(frameworks: list[Framework], errors: ErrorList) -> None:
    seen: dict[str, str] = {}
    for framework in frameworks:
        if framework.id in seen:
            errors.add(
                f"{framework.source}/{FRAMEWORK_FILE}",
                2,
                f"duplicate framework id '{framework.id}' (also in {seen[framework.id]})",
            )
        seen[framework.id] = framework.source


def _display(path: Path) -> str:
    """Paths relative to the working directory when below it: short and clickable."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
