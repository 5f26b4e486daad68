"""The quality report as plain data (JSON) and as rows (CSV): codes and numbers, no
wording, the same figures the page shows and nothing it hides."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from typing import Any

from interview.quality.services import QualityReport
from interview.statistics.agreement import AgreementFigure, AreaAgreement

CSV_COLUMNS = ("section", "subject", "measure", "value", "low", "high", "n", "pairs", "band")


def _figure(figure: AgreementFigure) -> dict[str, Any]:
    return {
        "value": figure.value,
        "low": figure.interval.low if figure.interval else None,
        "high": figure.interval.high if figure.interval else None,
        "candidates": figure.units,
        "pairs": figure.pairs,
        "band": figure.band.value,
    }


def _agreement(area: str | None, title: str, figures: AreaAgreement) -> dict[str, Any]:
    return {"area": area, "title": title, "icc1": _figure(figures.icc),
            "alpha_ordinal": _figure(figures.alpha)}  # fmt: skip


def report_data(report: QualityReport) -> dict[str, Any]:
    """Everything the page shows: agreement, raters (as the switch allows), comparisons,
    evidence flags, with the floors below which figures are withheld."""
    return {
        "scope": {
            "title": report.title,
            "requisition": report.requisition.id if report.requisition else None,
            "framework": report.framework.id,
        },  # fmt: skip
        "floors": asdict(report.floors),
        "candidates": report.candidates,
        "left_out": report.left_out,
        "interviewer_statistics": report.switch,
        "agreement": {
            "framework": _agreement(None, report.framework.title, report.overall),
            "areas": [_agreement(f.area, title, f) for title, f in report.areas],  # type: ignore[arg-type]
        },
        "reliability_sample": report.pair_counts,
        "raters": [_rater(r) for r in report.raters],
        "comparisons": [
            {"dimension": c.dimension, "measure": c.measure, "a": c.a, "b": c.b, **asdict(c.result)}
            for c in report.comparisons
        ],  # fmt: skip
        "evidence_flags": [asdict(f) for f in report.flagged]
        if report.names_shown
        else [{k: v for k, v in asdict(f).items() if k != "rater"} for f in report.flagged],
    }


def _rater(row) -> dict[str, Any]:
    data = {"submitted": row.submitted, "notes": row.notes, "probes": row.probes,
            "on_time": row.on_time,
            "against_co_raters": asdict(row.effect.against_co_raters),
            "against_panel": asdict(row.effect.against_panel)}  # fmt: skip
    if row.name is not None:
        data = {"interviewer": row.name, "interviewer_id": row.rater, **data}
    return data


def report_csv(report: QualityReport) -> str:
    """One line per figure: agreement per area and overall, rater effects, comparisons."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    data = report_data(report)
    for item in [data["agreement"]["framework"], *data["agreement"]["areas"]]:
        for measure in ("icc1", "alpha_ordinal"):
            f = item[measure]
            subject = item["area"] or "(framework)"
            writer.writerow(["agreement", subject, measure, f["value"], f["low"], f["high"],
                             f["candidates"], f["pairs"], f["band"]])  # fmt: skip
    for number, rater in enumerate(data["raters"], start=1):
        subject = rater.get("interviewer", f"#{number}")
        for measure in ("against_co_raters", "against_panel"):
            e = rater[measure]
            interval = e["interval"] or {}
            writer.writerow(["rater_effect", subject, measure, e["estimate"],
                             interval.get("low"), interval.get("high"), e["n"], "",
                             "held_back" if e["held_back"] else ""])  # fmt: skip
        for measure in ("notes", "probes", "on_time"):
            writer.writerow(["adherence", subject, measure, rater[measure], "", "",
                             rater["submitted"], "", ""])  # fmt: skip
    for c in data["comparisons"]:
        interval = c.get("difference_interval") or c.get("interval") or {}
        band = "too_few" if c["too_few"] else ""
        writer.writerow(["comparison", f"{c['dimension']}:{c['a']}-{c['b']}", c["measure"],
                         c["difference"], interval.get("low"), interval.get("high"),
                         f"{c['n_a']}/{c['n_b']}", "", band])  # fmt: skip
    return out.getvalue()
