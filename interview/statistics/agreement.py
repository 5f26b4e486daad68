"""Agreement figures per area and per framework: ICC(1,1) and Krippendorff's alpha, each
with a bootstrap interval over candidates, the numbers of candidates and rater pairs, and a
band. Below the floor a figure carries no value and no interval: hidden, not just labelled.

A unit is one candidate's ratings of one area by different raters; "insufficient evidence"
(None) is missing, and only candidates with two or more ratings of the area count. The
framework figure pools every (candidate, area) unit and resamples whole candidates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from interview.statistics import alpha as alpha_module
from interview.statistics import icc as icc_module
from interview.statistics.bands import (
    DEFAULT_FLOOR,
    DEFAULT_THRESHOLDS,
    Band,
    Floor,
    Thresholds,
    band_of,
)
from interview.statistics.bootstrap import RESAMPLES, SEED, unit_bootstrap
from interview.statistics.interval import Interval
from interview.statistics.records import RatingRecord, rater_pairs

if TYPE_CHECKING:
    import numpy as np

Measure = Literal["icc1", "alpha"]


@dataclass(frozen=True)
class Options:
    """How figures are computed; ``level`` is alpha's level of measurement."""

    level: alpha_module.Level = "ordinal"
    floor: Floor = DEFAULT_FLOOR
    thresholds: Thresholds = DEFAULT_THRESHOLDS
    resamples: int = RESAMPLES
    seed: int = SEED


DEFAULT_OPTIONS = Options()


@dataclass(frozen=True)
class AgreementFigure:
    measure: Measure
    band: Band
    units: int  # candidates (or candidate-areas) with two or more ratings
    pairs: int  # pairs of raters on the same unit
    value: float | None  # None below the floor or when undefined
    interval: Interval | None

    @property
    def shown(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class AreaAgreement:
    """Both figures of one area; ``area`` is None for the framework as a whole."""

    area: Hashable | None
    icc: AgreementFigure
    alpha: AgreementFigure


@dataclass(frozen=True)
class AgreementReport:
    areas: tuple[AreaAgreement, ...]
    framework: AreaAgreement


def _figure(
    measure: Measure,
    units: Sequence[tuple[float, ...]],
    estimate: Callable[[np.ndarray], np.ndarray],
    clusters: Sequence[int] | None,
    options: Options,
) -> AgreementFigure:
    pairs = rater_pairs(units)
    if not options.floor.met_by(len(units), pairs):
        return AgreementFigure(measure, Band.TOO_FEW, len(units), pairs, None, None)
    import numpy as np

    value = float(estimate(np.ones((1, len(units))))[0])
    if np.isnan(value):
        return AgreementFigure(measure, Band.UNDEFINED, len(units), pairs, None, None)
    interval = unit_bootstrap(
        estimate, len(units), clusters=clusters, resamples=options.resamples, seed=options.seed
    )
    band = band_of(value, options.thresholds)
    return AgreementFigure(measure, band, len(units), pairs, value, interval)


def icc_figure(
    units: Iterable[Iterable[float | None]],
    options: Options = DEFAULT_OPTIONS,
    clusters: Sequence[Hashable] | None = None,
) -> AgreementFigure:
    """ICC(1,1) of the units with its interval, n and band. ``clusters`` gives one label
    per unit (pairable or not), e.g. the candidate: units with the same label are
    resampled together. Without it every unit is resampled on its own."""
    kept, kept_clusters = _keep(units, clusters)
    stats = icc_module.one_way_stats(kept)
    return _figure(
        "icc1", kept, lambda w: icc_module.icc1_weighted(stats, w), kept_clusters, options
    )


def alpha_figure(
    units: Iterable[Iterable[float | None]],
    options: Options = DEFAULT_OPTIONS,
    clusters: Sequence[Hashable] | None = None,
) -> AgreementFigure:
    """Krippendorff's alpha (``options.level``) of the units with its interval, n and band;
    ``clusters`` as for ``icc_figure``."""
    kept, kept_clusters = _keep(units, clusters)
    table = alpha_module.coincidences(kept)
    return _figure(
        "alpha", kept,
        lambda w: alpha_module.alpha_weighted(table, w, options.level), kept_clusters, options,
    )  # fmt: skip


def _keep(
    units: Iterable[Iterable[float | None]], clusters: Sequence[Hashable] | None
) -> tuple[list[tuple[float, ...]], list[int] | None]:
    """The pairable units (see ``records.pairable``), and their clusters renumbered 0..c-1."""
    present = [tuple(v for v in unit if v is not None) for unit in units]
    keep = [i for i, values in enumerate(present) if len(values) >= 2]
    kept = [present[i] for i in keep]
    if clusters is None:
        return kept, None
    numbers: dict[Hashable, int] = {}
    return kept, [numbers.setdefault(clusters[i], len(numbers)) for i in keep]


def units_by_area(
    records: Iterable[RatingRecord],
) -> dict[Hashable, dict[Hashable, list[int | None]]]:
    """area -> candidate -> the ratings of that area (one per rater), in input order."""
    grouped: dict[Hashable, dict[Hashable, list[int | None]]] = defaultdict(dict)
    for record in records:
        grouped[record.area].setdefault(record.candidate, []).append(record.value)
    return grouped


def agreement_report(
    records: Iterable[RatingRecord], options: Options = DEFAULT_OPTIONS
) -> AgreementReport:
    """Both figures for every area that has ratings (areas in first-seen order) and for
    the framework as a whole, from one record per rater, candidate and area."""
    grouped = units_by_area(records)
    areas = tuple(
        AreaAgreement(area, icc_figure(by_candidate.values(), options),
                      alpha_figure(by_candidate.values(), options))
        for area, by_candidate in grouped.items()
    )  # fmt: skip
    units = [values for by_candidate in grouped.values() for values in by_candidate.values()]
    clusters = [candidate for by_candidate in grouped.values() for candidate in by_candidate]
    framework = AreaAgreement(
        None, icc_figure(units, options, clusters), alpha_figure(units, options, clusters)
    )
    return AgreementReport(areas, framework)
