"""Split a bank file into YAML front matter and Markdown body sections, keeping line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from interview.question_bank import yaml_lines
from interview.question_bank.errors import ErrorList

SECTION_NAMES = {
    "indikatoren": "indicators",
    "indicators": "indicators",
    "level": "levels",
    "levels": "levels",
    "nachweise": "evidence",
    "evidence": "evidence",
    "fragen": "questions",
    "questions": "questions",
}

# Possessive quantifiers (*+, ++) and "(.*\S)" rather than "(.*?)\s*$": a line is matched
# in linear time, where the lazy form backtracks quadratically over a long run of spaces.
BULLET = re.compile(r"^\s*+[-+*]\s++(.*\S)\s*+$")
EMPTY_BULLET = re.compile(r"^\s*+[-+*]\s*+$")
NUMBERED = re.compile(r"^(\d+)[.)](?:\s++(.*\S))?\s*+$")
SUB_ITEM = re.compile(r"^\s++[-+*]\s++(?:(\w+)\s*+:\s*+)?(.*\S)?\s*+$")
MAX_FRONT_MATTER_CHARS = 32 * 1024  # the largest real one has 4 KiB; PyYAML is slow


@dataclass
class Line:
    number: int
    text: str


@dataclass
class Section:
    key: str
    heading_line: int
    lines: list[Line] = field(default_factory=list)


@dataclass
class Document:
    path: str
    meta: yaml_lines.LineDict
    intro: str
    intro_line: int
    sections: dict[str, Section]


def read_document(
    path: str, text: str, errors: ErrorList, *, with_sections: bool
) -> Document | None:
    """Front matter and body of one file; problems go to ``errors``, ``None`` if unusable."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        errors.add(path, 1, "file must start with a '---' line opening the YAML front matter")
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        errors.add(path, 1, "front matter is not closed by a second '---' line")
        return None
    front_matter = "\n".join(lines[1:end])
    if len(front_matter) > MAX_FRONT_MATTER_CHARS:
        errors.add(path, 2, f"front matter is longer than {MAX_FRONT_MATTER_CHARS // 1024} KiB")
        return None
    try:
        meta, duplicates = yaml_lines.load(front_matter, first_line=2)
    except yaml_lines.YamlProblem as exc:
        errors.add(path, exc.line, exc.message)
        return None
    for line, message in duplicates:
        errors.add(path, line, message)
    if not isinstance(meta, yaml_lines.LineDict):
        errors.add(path, 2, "front matter must be a mapping of 'key: value' lines")
        return None
    body = [Line(n, t) for n, t in enumerate(lines[end + 1 :], start=end + 2)]
    if not with_sections:
        return Document(path, meta, _join(body), end + 2, {})
    intro, sections = _split_sections(path, body, errors)
    return Document(path, meta, _join(intro), intro[0].number if intro else end + 2, sections)


def _split_sections(
    path: str, body: list[Line], errors: ErrorList
) -> tuple[list[Line], dict[str, Section]]:
    intro: list[Line] = []
    sections: dict[str, Section] = {}
    current: Section | None = None
    for line in body:
        if line.text.startswith("## "):
            heading = line.text[3:].strip()
            key = SECTION_NAMES.get(heading.casefold())
            if key is None:
                accepted = ", ".join(sorted({n.capitalize() for n in SECTION_NAMES}))
                errors.add(
                    path, line.number, f"unknown section '## {heading}' (accepted: {accepted})"
                )
                current = Section("unknown", line.number)
            elif key in sections:
                errors.add(
                    path,
                    line.number,
                    f"section '{heading}' appears twice "
                    f"(first on line {sections[key].heading_line})",
                )
                current = Section("duplicate", line.number)
            else:
                current = sections[key] = Section(key, line.number)
        elif current is None:
            intro.append(line)
        else:
            current.lines.append(line)
    return intro, sections


def _join(lines: list[Line]) -> str:
    return "\n".join(line.text for line in lines).strip()


def bullet_items(path: str, section: Section, errors: ErrorList) -> list[str]:
    """Bullet lines of a section; indented lines continue the previous item."""
    items: list[list[str]] = []  # pieces joined once at the end: long files stay linear
    for line in section.lines:
        if not line.text.strip():
            continue
        match = BULLET.match(line.text)
        if match and not line.text.startswith((" ", "\t")):
            items.append([match.group(1)])
        elif items and line.text.startswith((" ", "\t")):
            items[-1].append(line.text.strip())
        elif EMPTY_BULLET.match(line.text):
            errors.add(path, line.number, "empty bullet line")
        else:
            errors.add(path, line.number, "expected a bullet line starting with '+', '-' or '*'")
    return [" ".join(parts) for parts in items]


def subsections(path: str, section: Section, errors: ErrorList) -> list[tuple[str, int, str]]:
    """``### Title`` blocks of a section as (title, line, text)."""
    blocks: list[tuple[str, int, list[str]]] = []
    for line in section.lines:
        if line.text.startswith("### "):
            blocks.append((line.text[4:].strip(), line.number, []))
        elif blocks:
            blocks[-1][2].append(line.text)
        elif line.text.strip():
            errors.add(path, line.number, "text before the first '### Level' heading")
    return [(title, number, "\n".join(text).strip()) for title, number, text in blocks]
