"""Validation of one competency-area file: indicators, level expectations, evidence, questions."""

from __future__ import annotations

import re

from interview.question_bank.errors import ErrorList
from interview.question_bank.fields import Fields
from interview.question_bank.framework_file import FrameworkHead
from interview.question_bank.markdown_doc import (
    NUMBERED,
    SUB_ITEM,
    Document,
    bullet_items,
    subsections,
)
from interview.question_bank.model import Area, LevelExpectation, Question

AREA_KEYS = {"id", "title", "definition", "target"}
MIN_QUESTIONS = 4
EXTRA_PROBE_WORDS = {"nachfrage", "probe"}
OUTCOME_WORDS = {"ergebnis", "outcome"}


def read_area(doc: Document, head: FrameworkHead | None, errors: ErrorList) -> Area | None:
    before = len(errors)
    f = Fields(doc.path, doc.meta, errors, AREA_KEYS)
    area_id = f.identifier()
    title = f.text("title")
    definition = f.text("definition")
    target = _target(f, head)
    indicators = _required_bullets(doc, "indicators", "Indikatoren", errors)
    evidence = (
        bullet_items(doc.path, doc.sections["evidence"], errors)
        if "evidence" in doc.sections
        else []
    )
    expectations = _expectations(doc, head, errors)
    questions = _questions(doc, head.probe if head else "", errors)
    if len(errors) > before or None in (area_id, title, definition):
        return None
    return Area(
        id=area_id, title=title, definition=definition, questions=tuple(questions),
        indicators=tuple(indicators), expectations=tuple(expectations),
        evidence=tuple(evidence), description=doc.intro, target=target,
    )  # fmt: skip


def _target(f: Fields, head: FrameworkHead | None) -> int | None:
    target = f.integer("target")
    if head is None:
        return target
    if head.levels and "target" in f.meta:
        f.error("target", "'target' is only for frameworks without levels (this one has levels)")
        return None
    if not head.levels and "target" not in f.meta:
        f.errors.add(
            f.path, f.meta.line, "missing required key 'target' (the framework has no levels)"
        )
        return None
    if target is not None and head.scale and target not in {p.value for p in head.scale}:
        f.error("target", f"'target' {target} is not a value of the framework's scale")
        return None
    return target


def _required_bullets(doc: Document, key: str, heading: str, errors: ErrorList) -> list[str]:
    section = doc.sections.get(key)
    if section is None:
        errors.add(doc.path, doc.intro_line, f"missing section '## {heading}'")
        return []
    items = bullet_items(doc.path, section, errors)
    if not items:
        errors.add(doc.path, section.heading_line, f"section '{heading}' lists nothing")
    return items


def _expectations(
    doc: Document, head: FrameworkHead | None, errors: ErrorList
) -> list[LevelExpectation]:
    section = doc.sections.get("levels")
    if head is None:
        return []
    if not head.levels:
        if section is not None:
            errors.add(
                doc.path, section.heading_line, "section 'Level' needs levels in framework.md"
            )
        return []
    if section is None:
        errors.add(
            doc.path, doc.intro_line, "missing section '## Level' (the framework has levels)"
        )
        return []
    by_name = {lv.title.casefold(): lv for lv in head.levels} | {lv.id: lv for lv in head.levels}
    found: dict[str, LevelExpectation] = {}
    for title, line, text in subsections(doc.path, section, errors):
        level = by_name.get(title.casefold())
        if level is None:
            defined = ", ".join(lv.title for lv in head.levels)
            errors.add(
                doc.path,
                line,
                f"level '{title}' is not defined in framework.md (defined: {defined})",
            )
        elif level.id in found:
            errors.add(doc.path, line, f"level '{title}' appears twice")
        elif not text:
            errors.add(doc.path, line, f"level '{title}' has no expectation text")
        else:
            found[level.id] = LevelExpectation(level.id, text)
    missing = [lv.title for lv in head.levels if lv.id not in found]
    if missing:
        errors.add(
            doc.path, section.heading_line, f"no expectation for level(s): {', '.join(missing)}"
        )
    return [found[lv.id] for lv in head.levels if lv.id in found]


def _questions(doc: Document, default_probe: str, errors: ErrorList) -> list[Question]:
    section = doc.sections.get("questions")
    if section is None:
        errors.add(doc.path, doc.intro_line, "missing section '## Fragen' (questions)")
        return []
    drafts: list[_Draft] = []
    for line in section.lines:
        text = line.text
        if not text.strip():
            continue
        numbered = NUMBERED.match(text)
        sub = SUB_ITEM.match(text)
        if numbered:
            drafts.append(_Draft(line.number, numbered.group(2) or ""))
            if not numbered.group(2):
                errors.add(doc.path, line.number, "question without text")
        elif not drafts:
            errors.add(doc.path, line.number, "expected a numbered question ('1. ...')")
        elif sub and sub.group(1):
            drafts[-1].add_sub(doc.path, line.number, sub.group(1), sub.group(2) or "", errors)
        elif sub:
            errors.add(doc.path, line.number, "sub-item needs 'Nachfrage:' or 'Ergebnis:' in front")
        elif text.startswith((" ", "\t")):
            drafts[-1].continue_with(text.strip())
        else:
            errors.add(doc.path, line.number, "expected a numbered question or an indented line")
    if len(drafts) < MIN_QUESTIONS:
        errors.add(
            doc.path,
            section.heading_line,
            f"needs at least {MIN_QUESTIONS} questions, found {len(drafts)}",
        )
    return [d.build(default_probe) for d in drafts if d.text]


class _Draft:
    """A question being read; pieces are joined once at the end (long files stay linear)."""

    def __init__(self, line: int, text: str) -> None:
        self.line = line
        self.parts = [text]
        self.probes: list[list[str]] = []
        self.outcome: list[str] | None = None
        self._current = self.parts  # where an indented continuation line goes

    @property
    def text(self) -> str:
        return " ".join(self.parts).strip()

    def add_sub(self, path: str, line: int, word: str, text: str, errors: ErrorList) -> None:
        kind = word.casefold()
        if not text:
            errors.add(path, line, f"'{word}:' without text")
        elif kind in EXTRA_PROBE_WORDS:
            self.probes.append([text])
            self._current = self.probes[-1]
        elif kind in OUTCOME_WORDS:
            if self.outcome is not None:
                errors.add(path, line, "a question has at most one 'Ergebnis:' line")
            self.outcome = self._current = [text]
        else:
            errors.add(path, line, f"unknown sub-item '{word}:' (use 'Nachfrage:' or 'Ergebnis:')")

    def continue_with(self, text: str) -> None:
        self._current.append(text)

    def build(self, default_probe: str) -> Question:
        outcome = " ".join(self.outcome) if self.outcome is not None else ""
        probes = tuple(" ".join(parts) for parts in self.probes)
        return Question(_squash(self.text), outcome or default_probe, probes)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
