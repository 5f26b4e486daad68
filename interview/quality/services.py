"""The interview-quality report of a requisition or a framework, as one viewer may see it:
candidates the independence rule keeps the viewer blind to are left out of every figure,
per-interviewer figures follow the statistics switch, and each figure hides itself below
its floor (settings ``QUALITY_MIN_*``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from flask import current_app

from interview.frameworks.services import framework_of
from interview.models import Requisition, User
from interview.quality import figures, switch
from interview.quality.data import CardRow, applications_of, card_rows, scope_requisitions
from interview.quality.figures import Comparison, FlaggedCard, Floors, RaterRow
from interview.quality.sample import pair_counts
from interview.question_bank import Framework
from interview.results.services import expectation_of
from interview.scoring import Rating, area_results, evaluate_rule
from interview.statistics.agreement import AreaAgreement
from interview.visibility import blind_applications


class UnknownScope(LookupError):
    """No requisition or framework of that id: the view answers 404."""


@dataclass
class QualityReport:
    title: str
    requisition: Requisition | None
    framework: Framework
    areas: list[tuple[str, AreaAgreement]]  # (area title, figures) in framework order
    overall: AreaAgreement
    raters: list[RaterRow]  # as the switch allows
    switch: str
    comparisons: list[Comparison]
    flagged: list[FlaggedCard]
    candidates: int  # with at least one submitted scorecard
    left_out: int  # candidates left out for the viewer's independence
    floors: Floors
    pair_counts: dict[str, int]  # area id -> loops pairing it (requisition only)

    @property
    def names_shown(self) -> bool:
        return self.switch == switch.PERSONAL


def floors() -> Floors:
    config = current_app.config
    return Floors(int(config["QUALITY_MIN_UNITS"]), int(config["QUALITY_MIN_PAIRS"]),
                  int(config["QUALITY_MIN_RATER_N"]), int(config["QUALITY_MIN_GROUP"]))  # fmt: skip


def requisition_report(user: User, requisition_id: int) -> QualityReport:
    """The report of one requisition; ``UnknownScope`` when there is none."""
    requisitions = scope_requisitions(requisition_id=requisition_id)
    if not requisitions:
        raise UnknownScope(requisition_id)
    requisition = requisitions[0]
    report = _report(user, requisitions, requisition.title)
    report.requisition = requisition
    report.pair_counts = dict(pair_counts(requisition))
    return report


def framework_report(user: User, framework_key: str) -> QualityReport:
    """Every requisition on the framework (all versions) pooled; ``UnknownScope`` when no
    requisition uses it."""
    requisitions = scope_requisitions(framework_key=framework_key)
    if not requisitions:
        raise UnknownScope(framework_key)
    latest = framework_of(requisitions[-1].framework_version)
    return _report(user, requisitions, latest.title)


def _report(user: User, requisitions: list[Requisition], title: str) -> QualityReport:
    hidden = blind_applications(user)
    rows = card_rows((r.id for r in requisitions), hidden)
    frameworks = {r.id: framework_of(r.framework_version) for r in requisitions}
    framework = frameworks[requisitions[-1].id]
    titles = {a.id: a.title for fw in frameworks.values() for a in fw.areas}
    limits = floors()
    agreement = figures.agreement(rows, limits)
    by_area = {a.area: a for a in agreement.areas}
    order = [a.id for a in framework.areas] + sorted(set(by_area) - {a.id for a in framework.areas})
    mode = switch.statistics_mode()
    raters = switch.follow(
        figures.raters(rows, lambda r: _questions(frameworks[r.requisition_id], r.area), limits),
        lambda r: replace(r, rater=None, name=None),
        lambda r: (r.held_back, r.effect.against_panel.estimate or 0, r.submitted),
    )
    return QualityReport(
        title, None, framework,
        [(titles.get(a, a), by_area[a]) for a in order if a in by_area], agreement.framework,
        raters, mode, figures.comparisons(rows, rule_outcomes(requisitions, frameworks, rows),
                                          limits),
        figures.flagged(rows, titles, names=mode == switch.PERSONAL),
        len({r.application_id for r in rows}), _left_out(requisitions, hidden), limits, {},
    )  # fmt: skip


def _questions(framework: Framework, area_id: str) -> int:
    area = framework.area(area_id)
    return len(area.questions) if area else 0


def _left_out(requisitions: list[Requisition], hidden: set[int]) -> int:
    if not hidden:
        return 0
    ids = [r.id for r in requisitions]
    everyone = {a for apps in applications_of(ids, set()).values() for a in apps}
    return len(everyone & hidden)


def rule_outcomes(
    requisitions: list[Requisition], frameworks: dict[int, Framework], rows: list[CardRow]
) -> dict[int, str]:
    """application id -> meets, below or open, each against its own requisition's rule."""
    ratings: dict[int, list[Rating]] = defaultdict(list)
    requisition_of: dict[int, int] = {}
    internal = {row.application_id: row.internal for row in rows}
    for row in rows:
        ratings[row.application_id].append(
            Rating(row.area, row.interviewer, row.value, row.evidence, row.card_id)
        )
        requisition_of[row.application_id] = row.requisition_id
    by_id = {r.id: r for r in requisitions}
    expectations = {
        (r.id, inside): expectation_of(r, frameworks[r.id], internal=inside)
        for r in requisitions for inside in (False, True)
    }  # fmt: skip
    result = {}
    for application, given in ratings.items():
        requisition = by_id[requisition_of[application]]
        framework = frameworks[requisition.id]
        expectation = expectations[requisition.id, internal[application]]
        result[application] = evaluate_rule(
            expectation, area_results(framework, expectation, given)
        ).code
    return result
