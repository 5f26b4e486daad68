"""Validation of the optional ``sections`` of ``framework.md``: areas grouped under titles.

Checked once the areas are read, since a section names area ids: every area in exactly
one section, every id an area of the framework.
"""

from __future__ import annotations

from interview.question_bank.errors import ErrorList
from interview.question_bank.fields import ID_PATTERN, Fields, slug
from interview.question_bank.model import Area, Section
from interview.question_bank.yaml_lines import LineDict, LineList

SECTION_KEYS = {"id", "title", "areas"}


def read_sections(
    path: str, meta: LineDict, errors: ErrorList, areas: list[Area] | None
) -> tuple[Section, ...]:
    """The sections of the front matter ``meta`` (already known to be a non-empty list);
    ``areas`` None when some area file could not be read, so only the list's own shape
    is checked (no "unknown area" for a file that is broken)."""
    raw: LineList = meta["sections"]
    sections: list[Section] = []
    placed: dict[str, str] = {}  # area id -> title of its section
    seen_ids: set[str] = set()
    known = {a.id for a in areas} if areas is not None else None
    for index, item in enumerate(raw):
        line = raw.line_of(index)
        if not isinstance(item, LineDict):
            errors.add(path, line, "a section is a mapping with 'title' and 'areas'")
            continue
        f = Fields(path, item, errors, SECTION_KEYS)
        title = f.text("title")
        section_id = f.text("id", required=False) or slug(title or "")
        key = "id" if "id" in item else "title"
        if title and not ID_PATTERN.match(section_id):
            f.error(key, f"section id '{section_id}' must be lower-case letters, digits and dashes")
        elif title and section_id in seen_ids:
            f.error(key, f"duplicate section '{section_id}'")
        seen_ids.add(section_id)
        area_ids = _area_ids(f, item, placed, known, title or section_id)
        if title:
            sections.append(Section(section_id, title, area_ids))
    if known is not None:
        missing = [a.id for a in areas or () if a.id not in placed]
        if missing:
            message = f"every area needs a section; in none: {', '.join(missing)}"
            errors.add(path, meta.line_of("sections"), message)
    return tuple(sections)


def _area_ids(
    f: Fields, item: LineDict, placed: dict[str, str], known: set[str] | None, title: str
) -> tuple[str, ...]:
    raw = item.get("areas")
    if not isinstance(raw, LineList) or not raw:
        if raw is None:
            f.errors.add(f.path, item.line, "missing required key 'areas' (a list of area ids)")
        else:
            f.error("areas", "'areas' must be a list of area ids")
        return ()
    ids: list[str] = []
    for index, value in enumerate(raw):
        line = raw.line_of(index)
        # an id of digits only ("2024") arrives as a number, as in the area file's 'id'
        if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip():
            f.errors.add(f.path, line, "an area in a section is named by its id (text)")
            continue
        area_id = str(value).strip()
        if area_id in placed:
            message = f"area '{area_id}' is already in section '{placed[area_id]}'"
            f.errors.add(f.path, line, message)
        elif known is not None and area_id not in known:
            f.errors.add(f.path, line, f"no area with id '{area_id}' in this framework")
        else:
            placed[area_id] = title
            ids.append(area_id)
    return tuple(ids)
