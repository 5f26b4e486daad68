"""Read a question-bank folder: one framework per sub-folder, all or nothing."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from interview.question_bank.area_file import read_area
from interview.question_bank.errors import BankInvalid, ErrorList
from interview.question_bank.framework_file import read_head, read_rule
from interview.question_bank.markdown_doc import Document, read_document
from interview.question_bank.model import Area, Bank, Framework, Section
from interview.question_bank.sections import read_sections
from interview.question_bank.source import SourceProblem, display_path, entry_problem, read_text

FRAMEWORK_FILE = "framework.md"


def load_bank(path: str | os.PathLike[str]) -> Bank:
    """Parse and validate every framework under ``path``.

    Raises ``BankInvalid`` with every problem found (sorted by file and line);
    a bank with any problem yields nothing, so no framework is ever half-loaded.
    Never raises anything else, whatever the folder holds (see ``source``).
    """
    root = Path(path)
    errors = ErrorList()
    frameworks: list[Framework] = []
    if not _is_dir(root):
        errors.add(display_path(root), 0, "question bank folder not found")
        raise BankInvalid(errors.items)
    folders = _framework_folders(root, errors)
    for folder in folders:
        framework = _load_framework(folder, errors)
        if framework is not None:
            frameworks.append(framework)
    if not folders and not errors:
        errors.add(display_path(root), 0, f"no framework found: expected <folder>/{FRAMEWORK_FILE}")
    _check_unique_ids(frameworks, errors)
    if errors:
        raise BankInvalid(sorted(errors.items))
    return Bank(str(root), tuple(frameworks))


def _framework_folders(root: Path, errors: ErrorList) -> list[Path]:
    """Sub-folders of the bank; top-level files are ignored, broken links are not."""
    folders = []
    for entry in _listing(root, errors):
        if entry.name.startswith((".", "_")):
            continue
        if _is_dir(entry):
            folders.append(entry)
        elif entry.is_symlink() and (problem := entry_problem(entry)) is not None:
            errors.add(display_path(entry), 0, problem)
    return folders


def _load_framework(folder: Path, errors: ErrorList) -> Framework | None:
    framework_path = folder / FRAMEWORK_FILE
    if not os.path.lexists(framework_path):
        errors.add(display_path(folder), 0, f"no {FRAMEWORK_FILE} in this folder")
        return None
    before = len(errors)
    doc = _read(framework_path, errors, with_sections=False)
    head = read_head(doc, errors) if doc else None
    area_files = [
        p
        for p in _listing(folder, errors)
        if p.name.endswith(".md") and p.name != FRAMEWORK_FILE and not p.name.startswith(".")
    ]
    if not area_files:
        errors.add(display_path(folder), 0, "framework has no area files (one .md file per area)")
    areas: list[Area] = []
    seen: dict[str, str] = {}
    for area_path in area_files:
        area_doc = _read(area_path, errors, with_sections=True)
        area = read_area(area_doc, head, errors) if area_doc else None
        if area is None:
            continue
        if area.id in seen:
            errors.add(
                display_path(area_path),
                area_doc.meta.line_of("id"),
                f"duplicate area id '{area.id}' (also in {seen[area.id]})",
            )
            continue
        seen[area.id] = display_path(area_path)
        areas.append(area)
    rule = None
    if doc and head and head.rule_meta is not None:
        rule = read_rule(doc.path, head.rule_meta, errors, head.scale, len(area_files))
    sections: tuple[Section, ...] = ()
    if doc and head and head.sections_meta is not None:
        all_read = len(areas) == len(area_files)
        sections = read_sections(doc.path, doc.meta, errors, areas if all_read else None)
    if head is None or len(errors) > before:
        return None
    return Framework(
        id=head.id, title=head.title, language=head.language, scale=head.scale,
        probe=head.probe, areas=_in_section_order(areas, sections), levels=head.levels,
        description=head.description, body=head.body, decision_rule=rule,
        recommendation=head.recommendation, level_allowance=head.level_allowance,
        sections=sections, extreme_ratings=head.extreme_ratings,
        source=display_path(folder),
    )  # fmt: skip


def _in_section_order(areas: list[Area], sections: tuple[Section, ...]) -> tuple[Area, ...]:
    """With sections, areas follow them everywhere (kit lists, results, exports), so the
    order a reader sees on the framework page is the order of every other page."""
    if not sections:
        return tuple(areas)
    by_id = {a.id: a for a in areas}
    return tuple(by_id[i] for s in sections for i in s.area_ids)


def _read(path: Path, errors: ErrorList, *, with_sections: bool) -> Document | None:
    shown = display_path(path)
    try:
        text = read_text(path)
    except SourceProblem as exc:
        errors.add(shown, exc.line, exc.message)
        return None
    return read_document(shown, text, errors, with_sections=with_sections)


def _listing(folder: Path, errors: ErrorList) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError as exc:
        errors.add(display_path(folder), 0, f"cannot list the folder: {exc.strerror or exc}")
        return []


def _is_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):  # missing, a link loop, no permission, a NUL in the name
        return False


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
