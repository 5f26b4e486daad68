"""The comparison of a requisition's candidates, ready for display: one row per candidate
against the role's expectation, the role's areas as columns, a page of rows formatted.

The comparison follows the independence rule (``interview.visibility``) row by row: a
viewer the rule keeps blind to a candidate gets that row without ratings, rule or flags,
and the row's hidden values do not decide its place in the sort order either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import format_decimal, gettext, ngettext
from markupsafe import Markup

from interview.models import Requisition, User
from interview.question_bank import Area, Framework
from interview.results.matrix import (
    Card,
    Scored,
    extremes,
    scored_candidates,
    short_evidence,
)
from interview.results.services import bar_name, expectation_of
from interview.scoring import AreaResult, RuleResult, expected_value, role_area_ids
from interview.verdict import words
from interview.visibility import explain, results_by_application

SORT_BY_NAME = "name"
SORT_BY_RULE = "rule"
#: meets first, then not decidable yet, then below the bar
RULE_ORDER = {"meets": 0, "open": 1, "below": 2}
#: candidates per page of the comparison: 50 rows × 6 areas stay well under 200 KB of HTML
PAGE_SIZE = 50


@dataclass(frozen=True)
class Cell:
    """One area of one candidate, formatted: ``text`` is the mean ("3", "2.5"), "–" when
    nobody rated the area, "n/a" when the raters had insufficient evidence; ``words`` says
    the gap in words ("below the expected 3")."""

    area_id: str
    state: str  # rated, insufficient, missing
    text: str
    gap: str | None  # above, at, below (against the expected value)
    expected: int | None
    values: tuple[str, ...] = ()  # each rater's value where there are several
    disagreement: bool = False
    words: str = ""


@dataclass(frozen=True)
class Flag:
    """One calibration aid: ``kind`` is disagreement, extreme or short (evidence); ``text``
    lists the areas concerned (in the framework's language), with rater and rating for
    extremes. One flag per kind and row: the matrix stays readable."""

    kind: str
    label: str
    text: Markup


@dataclass(frozen=True)
class Gaps:
    """How many of the shown areas lie below, at and above the expected value."""

    below: int
    at: int
    above: int
    words: str


@dataclass
class Entry:
    """One candidate's row. ``visible`` is False while the independence rule hides the
    ratings from this viewer: then cells, rule and flags stay empty. Cells, flags, the
    rule in words and the gaps are filled in only for the rows of the page shown."""

    scored: Scored
    visible: bool
    hidden_reason: str = ""
    cells: list[Cell] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    explanation: str = ""
    gaps: Gaps | None = None

    @property
    def application_id(self) -> int:
        return self.scored.candidacy.application_id

    @property
    def name(self) -> str:
        return self.scored.candidacy.name

    @property
    def status(self) -> str:
        return self.scored.candidacy.status

    @property
    def submitted(self) -> int:
        return len(self.scored.candidacy.cards)

    @property
    def planned(self) -> int:
        return self.scored.candidacy.planned

    @property
    def incomplete(self) -> bool:
        return self.submitted < self.planned or not self.scored.candidacy.loop_ready

    @property
    def rule_code(self) -> str | None:
        return self.scored.rule.code if self.visible else None

    def mean(self, area_id: str) -> float | None:
        if not self.visible:
            return None
        return next((a.mean for a in self.scored.areas if a.area_id == area_id), None)


@dataclass
class Comparison:
    framework: Framework
    entries: list[Entry]  # every row, sorted
    expected: dict[str, int | None]
    sort: str
    status: str | None
    area_ids: list[str] = field(default_factory=list)  # the columns: the role's areas
    extras: set[str] = field(default_factory=set)  # shown though not required: rated anyway
    page: int = 1  # 0: every row on one page (print)
    page_size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.entries) // self.page_size))

    # the interface of _macros/pagination.html's pager
    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return 0 < self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1

    @property
    def shown(self) -> list[Entry]:
        if not self.page:
            return self.entries
        start = (self.page - 1) * self.page_size
        return self.entries[start : start + self.page_size]

    @property
    def areas(self) -> list[Area]:
        return [a for a in self.framework.areas if a.id in set(self.area_ids)]


def format_mean(value: float) -> str:
    """A whole mean without decimals, any other with one, rounded half up, in the viewer's
    locale: 3 -> "3", 2.5 -> "2.5", 2.25 -> "2.3" (German: "2,3")."""
    if value == int(value):
        return format_decimal(int(value), format="0")
    return format_decimal(Decimal(str(value)).quantize(Decimal("0.1"), ROUND_HALF_UP), format="0.0")


def gap_marker(gap: float | None) -> str | None:
    """above, at or below the expected value; None when there is nothing to compare."""
    if gap is None:
        return None
    if gap > 0:
        return "above"
    return "at" if gap == 0 else "below"


class Formats:
    """Numbers and words of one page, each formatted once: a page of 50 candidates × 6
    areas holds a handful of distinct means and gap sentences, not 300."""

    def __init__(self, framework: Framework, bar: str) -> None:
        self.framework, self.bar = framework, bar
        self.titles = {a.id: a.title for a in framework.areas}
        self._done: dict[tuple, str] = {}
        self._areas: dict[str, Markup] = {}

    def once(self, key: tuple, make: Callable[[], str]) -> str:
        text = self._done.get(key)
        if text is None:
            text = self._done[key] = make()
        return text

    def mean(self, value: float) -> str:
        return self.once(("mean", value), lambda: format_mean(value))

    def gap(self, gap: str, expected: int | None) -> str:
        texts = {
            "above": lambda: gettext("above the expected %(value)s", value=expected),
            "at": lambda: gettext("at the expected %(value)s", value=expected),
            "below": lambda: gettext("below the expected %(value)s", value=expected),
        }
        return self.once(("gap", gap, expected), texts[gap])

    def explanation(self, rule: RuleResult) -> str:
        return self.once(("rule", rule), lambda: words(
            rule, self.titles, self.bar, gettext, ngettext))  # fmt: skip

    def area(self, area_id: str) -> Markup:
        """An area's title marked with the framework's language."""
        title = self._areas.get(area_id)
        if title is None:
            title = self._areas[area_id] = Markup('<span lang="{}">{}</span>').format(
                self.framework.language, self.titles.get(area_id, area_id)
            )
        return title

    def extreme(self, card: Card) -> Markup:
        """ "Area (rater: rating)" for a rating at the end of the scale."""
        key = ("extreme", card.area_id, card.rater, card.rating)
        return self.once(key, lambda: Markup("{} ({}: {})").format(
            self.area(card.area_id), card.rater, card.rating))  # fmt: skip

    def text(self, message: str) -> str:
        return self.once(("text", message), lambda: gettext(message))


def cell_for(area: AreaResult, formats: Formats) -> Cell:
    """The displayed form of one area result."""
    if area.mean is None:  # nobody rated it, or only with "insufficient evidence"
        text = "–" if area.state == "missing" else formats.text("n/a")
        return Cell(area.area_id, area.state, text, None, area.expected)
    values = tuple(str(r.value) if r.value is not None else formats.text("n/a")
                   for r in area.ratings)  # fmt: skip
    gap = gap_marker(area.gap)
    return Cell(
        area.area_id, "rated", formats.mean(area.mean), gap, area.expected,
        values if len(values) > 1 else (), area.disagreement,
        formats.gap(gap, area.expected) if gap else "",
    )  # fmt: skip


def flags_of(formats: Formats, scored: Scored, short: list[str]) -> list[Flag]:
    """The calibration aids of one row: what to discuss first in the debrief."""
    area = formats.area
    flags = []
    disagreements = [a.area_id for a in scored.areas if a.disagreement]
    if disagreements:
        flags.append(Flag("disagreement", formats.text("Raters differ by two points or more:"),
                          Markup(", ").join(area(a) for a in disagreements)))  # fmt: skip
    ends = extremes(formats.framework, scored.candidacy.cards)
    if ends:
        flags.append(Flag("extreme", formats.text("Rating at the end of the scale:"),
                          Markup("; ").join(formats.extreme(c) for c in ends)))  # fmt: skip
    if short:
        label = ngettext(
            "Very short evidence in %(num)d scorecard:",
            "Very short evidence in %(num)d scorecards:",
            len(short),
        )
        flags.append(Flag("short", label, Markup(", ").join(area(a) for a in short)))
    return flags


def gaps_of(cells: list[Cell], formats: Formats) -> Gaps:
    """The row's gap summary over the shown areas, with the same in words."""
    below, at, above = (sum(1 for c in cells if c.gap == gap) for gap in ("below", "at", "above"))
    words = formats.once(("gaps", below, at, above), lambda: gettext(
        "%(below)s below, %(at)s at and %(above)s above the expected value",
        below=below, at=at, above=above))  # fmt: skip
    return Gaps(below, at, above, words)


def sort_entries(entries: list[Entry], sort: str) -> list[Entry]:
    """By name; by rule result (meets, open, below); or by one area's mean, highest first,
    unrated last. Hidden rows go last in the rule and area orders, so their place does not
    give their ratings away. Ties are broken by name."""

    def by_name(entry: Entry) -> tuple[str, int]:
        return entry.name.casefold(), entry.application_id

    if sort == SORT_BY_NAME:
        return sorted(entries, key=by_name)
    if sort == SORT_BY_RULE:
        return sorted(entries, key=lambda e: (not e.visible, RULE_ORDER.get(e.rule_code or "", 3),
                                              by_name(e)))  # fmt: skip

    def by_area(entry: Entry) -> tuple:
        value = entry.mean(sort)
        return (not entry.visible, value is None, -(value or 0), by_name(entry))

    return sorted(entries, key=by_area)


def comparison(
    user: User,
    requisition: Requisition,
    status: str | None = None,
    sort: str = SORT_BY_NAME,
    page: int = 1,
) -> Comparison:
    """Every candidate of the requisition (optionally of one pipeline status) against the
    expectation, prepared for ``user``: rows ``interview.visibility`` hides carry no ratings
    and say why. Columns: the role's areas (``scoring.role_area_ids``: required ones, and
    extras rated for a candidate the viewer sees). Every row is scored (the sort needs it);
    only page ``page`` (0: all) is formatted. An unknown ``sort`` falls back to the name.
    Queries: the two of ``matrix.load``, one for the viewer's panel states and one
    for the short evidence of the page's rows."""
    framework, scored = scored_candidates(requisition, status)
    expectation = expectation_of(requisition, framework)  # the columns' expected values
    ids = (s.candidacy.application_id for s in scored)
    verdicts = results_by_application(user, requisition, ids)
    reasons = {verdict: explain(verdict) for verdict in set(verdicts.values())}
    entries = []
    for row in scored:
        verdict = verdicts[row.candidacy.application_id]
        entries.append(Entry(row, verdict.allowed, reasons[verdict]))
    area_ids = role_area_ids(framework, (e.scored.areas for e in entries if e.visible))
    if not area_ids:  # nobody rated yet and nothing required: still show the framework
        area_ids = [a.id for a in framework.areas]
    if sort not in {SORT_BY_NAME, SORT_BY_RULE, *area_ids}:
        sort = SORT_BY_NAME
    required = set(expectation.required_areas)
    matrix = Comparison(
        framework, sort_entries(entries, sort),
        {a: expected_value(framework, a, expectation) for a in area_ids}, sort, status,
        area_ids, {a for a in area_ids if a not in required},
    )  # fmt: skip
    matrix.page = 0 if page == 0 else min(max(page, 1), matrix.pages)
    formats = Formats(framework, bar_name(requisition, framework))
    shown = set(area_ids)
    visible = [entry for entry in matrix.shown if entry.visible]
    short = short_evidence(entry.application_id for entry in visible)
    for entry in visible:
        entry.cells = [cell_for(a, formats) for a in entry.scored.areas if a.area_id in shown]
        entry.flags = flags_of(formats, entry.scored, short.get(entry.application_id, []))
        entry.explanation = formats.explanation(entry.scored.rule)
        entry.gaps = gaps_of(entry.cells, formats)
    return matrix
