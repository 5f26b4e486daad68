"""The quality figures of one scope, computed from ``data`` rows with ``interview.statistics``.
No queries here: the caller loads the rows, and the figures hide themselves below their
floors (``Floors``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from statistics import fmean

from interview.quality.data import CardRow
from interview.statistics.adherence import Adherence, CardProcess, adherence
from interview.statistics.agreement import AgreementReport, Options, agreement_report
from interview.statistics.bands import Floor
from interview.statistics.evidence import EvidenceCard, EvidenceFlag, evidence_flags
from interview.statistics.groups import (
    MeanComparison,
    ProportionComparison,
    compare_means,
    compare_proportions,
)
from interview.statistics.rater_effects import RaterEffect, rater_effects
from interview.statistics.records import RatingRecord


@dataclass(frozen=True)
class Floors:
    """Below these counts a figure is withheld (the QUALITY_MIN_* settings)."""

    units: int
    pairs: int
    rater_n: int
    group: int


@dataclass(frozen=True)
class RaterRow:
    """One interviewer's effect and adherence; ``name`` and ``rater`` are None when the
    statistics switch hides who it is. Adherence shares are None below the floor."""

    rater: int | None
    name: str | None
    effect: RaterEffect
    submitted: int
    notes: float | None
    probes: float | None
    on_time: float | None

    @property
    def held_back(self) -> bool:
        return self.effect.against_panel.held_back


@dataclass(frozen=True)
class Comparison:
    """Two groups (``a`` against ``b``) on ratings (means) or rule outcomes (proportions)."""

    dimension: str  # mode or origin
    measure: str  # ratings or rule
    a: str  # group codes: on_site/remote, internal/external
    b: str
    result: MeanComparison | ProportionComparison


@dataclass(frozen=True)
class FlaggedCard:
    card_id: int
    application_id: int
    candidate: str
    area: str
    rater: str | None
    flags: tuple[str, ...]


def records_of(rows: Iterable[CardRow]) -> list[RatingRecord]:
    return [RatingRecord(r.application_id, r.area, r.interviewer_id, r.value) for r in rows]


def agreement(rows: list[CardRow], floors: Floors) -> AgreementReport:
    """ICC(1,1) and ordinal alpha per area and for the framework."""
    options = Options(floor=Floor(floors.units, floors.pairs))
    return agreement_report(records_of(rows), options)


def _share(value: Adherence | None, attribute: str, enough: bool) -> float | None:
    return getattr(value, attribute).value if value is not None and enough else None


def raters(rows: list[CardRow], questions: Callable[[CardRow], int], floors: Floors,
           ) -> list[RaterRow]:  # fmt: skip
    """Every interviewer's leniency or severity (on shared candidates only) and adherence,
    by name; ``questions`` gives the number of questions of a card's area."""
    effects = {e.rater: e for e in rater_effects(records_of(rows), min_n=floors.rater_n)}
    cards = [
        CardProcess(r.interviewer_id, questions(r), min(r.notes, questions(r)), questions(r),
                    min(r.probes_ticked, questions(r)), r.starts_at, r.ends_at, r.submitted_at)
        for r in rows
    ]  # fmt: skip
    processes = {a.rater: a for a in adherence(cards)}
    names = {r.interviewer_id: r.interviewer for r in rows}
    result = []
    for rater, effect in effects.items():
        process = processes.get(rater)
        submitted = process.submitted if process else 0
        enough = submitted >= floors.rater_n
        result.append(RaterRow(
            rater, names[rater], effect, submitted, _share(process, "notes", enough),
            _share(process, "probes", enough), _share(process, "on_time", enough),
        ))  # fmt: skip
    return sorted(result, key=lambda r: ((r.name or "").casefold(), r.rater or 0))


def comparisons(rows: list[CardRow], rule: Mapping[int, str], floors: Floors) -> list[Comparison]:
    """Ratings and rule outcomes by interview mode and by internal/external candidates.
    One value per candidate (their mean rating in that group), so that a candidate with
    six ratings does not count six times. ``rule``: application id -> meets/below/open."""
    by_mode: dict[str, dict[int, list[int]]] = {"on_site": defaultdict(list),
                                                "remote": defaultdict(list)}  # fmt: skip
    by_origin: dict[bool, dict[int, list[int]]] = {True: defaultdict(list),
                                                   False: defaultdict(list)}  # fmt: skip
    modes: dict[int, set[str | None]] = defaultdict(set)
    internal: dict[int, bool] = {}
    for row in rows:
        modes[row.application_id].add(row.mode)
        internal[row.application_id] = row.internal
        if row.value is None:
            continue
        if row.mode in by_mode:
            by_mode[row.mode][row.application_id].append(row.value)
        by_origin[row.internal][row.application_id].append(row.value)

    def means(groups: dict[int, list[int]]) -> list[float]:
        return [fmean(values) for values in groups.values()]

    # a candidate's loop counts for a mode when every interview of it was held that way
    loop_mode = {a: next(iter(m)) for a, m in modes.items() if len(m) == 1}
    return [
        Comparison("mode", "ratings", "remote", "on_site",
                   compare_means(means(by_mode["remote"]), means(by_mode["on_site"]),
                                 floors.group)),
        Comparison("mode", "rule", "remote", "on_site",
                   _rule_rates(rule, lambda a: loop_mode.get(a), "remote", "on_site", floors)),
        Comparison("origin", "ratings", "internal", "external",
                   compare_means(means(by_origin[True]), means(by_origin[False]), floors.group)),
        Comparison("origin", "rule", "internal", "external",
                   _rule_rates(rule, lambda a: ("internal" if internal.get(a) else "external")
                               if a in internal else None, "internal", "external", floors)),
    ]  # fmt: skip


def _rule_rates(rule: Mapping[int, str], group: Callable[[int], str | None], a: str, b: str,
                floors: Floors) -> ProportionComparison:  # fmt: skip
    """Share meeting the rule in group a against b, among decided candidates."""
    counts = {a: [0, 0], b: [0, 0]}
    for application, code in rule.items():
        key = group(application)
        if key in counts and code in ("meets", "below"):
            counts[key][0] += code == "meets"
            counts[key][1] += 1
    return compare_proportions(*counts[a], *counts[b], floors.group)


def flagged(rows: list[CardRow], titles: Mapping[str, str], names: bool) -> list[FlaggedCard]:
    """Cards whose evidence states no outcome, is copied between candidates, or is far
    shorter than the panel's; the rater named only when ``names``. Never blocks anything."""
    cards = [EvidenceCard(r.card_id, r.application_id, r.interviewer_id, r.text,
                          r.probes_ticked) for r in rows]  # fmt: skip
    flags = evidence_flags(cards)
    order = [f.value for f in EvidenceFlag]
    return [
        FlaggedCard(r.card_id, r.application_id, r.candidate, titles.get(r.area, r.area),
                    r.interviewer if names else None,
                    tuple(sorted((f.value for f in flags[r.card_id]), key=order.index)))
        for r in rows
        if flags[r.card_id]
    ]  # fmt: skip
