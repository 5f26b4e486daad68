"""Exports of consolidated scorecards and comparisons, as tables (CSV, XLSX) and JSON.

They agree with the pages: the requisition's required areas plus any other area that was
rated (marked "extra"), human labels in one language (the caller picks it with
``flask_babel.force_locale``; JSON keeps the codes beside the labels), the decision rule's
result in its own column, and the counts of passing areas even while the rule is open.
Who may see what is decided by the caller (the views), never here; ``requisition_export``
at the end is the operator's (CLI) export, which hides nothing.

Builders issue no queries beyond ``candidate_export`` (the amendments, one query): table
rows first, then bytes (``interview.results.export_files``). The comparison's rows come
from ``scored_candidates``, the comparison page's lean loader (``interview.results.matrix``):
a fixed number of queries however many candidates.
"""

from __future__ import annotations

from datetime import tzinfo
from functools import cache, partial

from flask_babel import gettext, ngettext
from sqlalchemy import select

from interview.extensions import db
from interview.kit.forms import RECOMMENDATION_LABELS
from interview.labels import APPLICATION_STATUS, AREA_STATE, DECISION, RULE_RESULT, YES_NO
from interview.models import Application, Requisition
from interview.question_bank import Framework
from interview.results.export_files import Cell, Sheet, to_csv, to_json, to_xlsx
from interview.results.export_json import candidate_data
from interview.results.export_model import (
    HIDDEN,
    CandidateExport,
    amendment_text,
    area_title,
    candidate_export,
    label,
    mean_cell,
    rating_cell,
)
from interview.results.matrix import Scored, scored_candidates
from interview.results.services import bar_name, consolidate, expectation_of, load_application
from interview.scoring import expected_value, role_area_ids
from interview.verdict import words

# --- one candidate ---------------------------------------------------------------------------


def scorecard_sheet(export: CandidateExport) -> Sheet:
    """One row per submitted scorecard, with its area's expectation, mean, gap and
    amendments; a last row with the decision rule's result and explanation."""
    result = export.result
    areas = {a.area_id: a for a in result.areas}
    name = result.application.candidate.name
    sheet = Sheet(gettext("Scorecards"), [
        gettext("Candidate"), gettext("Area"), gettext("Rater"), gettext("Rating"),
        gettext("Expected"), gettext("Area mean"), gettext("Gap"), gettext("Recommendation"),
        gettext("Submitted at"), gettext("Amendments"), gettext("Evidence"),
        gettext("Decision rule"), gettext("Explanation"),
    ])  # fmt: skip
    for card in result.scorecards:
        area = areas.get(card.interview.area_key)  # None only for an area the version lacks
        sheet.rows.append([
            name, area_title(area) if area else card.interview.area_key,
            card.interview.interviewer.name,
            rating_cell(card.rating, card.insufficient_evidence),
            *((area.expected, area.mean, area.gap) if area else (None, None, None)),
            label(RECOMMENDATION_LABELS, card.recommendation), card.submitted_at,
            "\n".join(amendment_text(a) for a in export.amendments.get(card.id, [])) or None,
            card.evidence, None, None,
        ])  # fmt: skip
    rule_row: list[Cell] = [name, gettext("Decision rule"), *[None] * 9]
    sheet.rows.append([*rule_row, label(RULE_RESULT, result.rule.code), result.explanation])
    return sheet


def summary_sheet(export: CandidateExport) -> Sheet:
    result = export.result
    requisition, rule = result.requisition, result.rule
    version = requisition.framework_version
    level = next((lv for lv in result.framework.levels if lv.id == requisition.target_level), None)
    latest = result.decisions[0].decision if result.decisions else None
    return Sheet(gettext("Summary"), [gettext("Item"), gettext("Value")], [
        [gettext("Candidate"), result.application.candidate.name],
        [gettext("E-mail"), result.application.candidate.email],
        [gettext("Status"), label(APPLICATION_STATUS, result.application.status)],
        [gettext("Requisition"), requisition.title],
        [gettext("Target level"), level.title if level else None],
        [gettext("Framework"), f"{version.framework_key} {version.version}"],
        [gettext("Decision rule"), label(RULE_RESULT, rule.code)],
        [gettext("Areas passing"), export.passing],
        [gettext("Areas needed"), rule.needed],
        [gettext("Required areas"), rule.total],
        [gettext("Explanation"), result.explanation],
        [gettext("Submitted scorecards"), len(result.scorecards)],
        [gettext("Pending interviews"), len(result.pending)],
        [gettext("Latest decision"), label(DECISION, latest)],
    ])  # fmt: skip


def areas_sheet(export: CandidateExport) -> Sheet:
    sheet = Sheet(gettext("Areas"), [
        gettext("Area"), gettext("Required"), gettext("Expected"), gettext("Mean"),
        gettext("Gap"), gettext("State"), gettext("Level"), gettext("Ratings"),
    ])  # fmt: skip
    for area in export.areas:
        values = ", ".join(
            str(rating_cell(r.value, r.insufficient)) for r in area.ratings
        )  # fmt: skip
        sheet.rows.append([
            area.title, str(YES_NO[True]) if area.required else gettext("extra"), area.expected,
            area.mean, area.gap, label(AREA_STATE, area.state), area.level_title, values or None,
        ])  # fmt: skip
    return sheet


def amendments_sheet(export: CandidateExport) -> Sheet:
    """Every amendment with typed values: when, who, why, the rating before and after."""
    sheet = Sheet(gettext("Amendments"), [
        gettext("Candidate"), gettext("Area"), gettext("Rater"), gettext("Amended at"),
        gettext("Amended by"), gettext("Rating before"), gettext("Rating after"),
        gettext("Reason"),
    ])  # fmt: skip
    titles = {a.area_id: area_title(a) for a in export.result.areas}
    for card in export.result.scorecards:
        for amendment in export.amendments.get(card.id, []):
            sheet.rows.append([
                export.result.application.candidate.name,
                titles.get(card.interview.area_key, card.interview.area_key),
                card.interview.interviewer.name, amendment.at, amendment.by,
                rating_cell(amendment.old_rating, amendment.old_insufficient),
                rating_cell(amendment.new_rating, amendment.new_insufficient),
                amendment.reason,
            ])  # fmt: skip
    return sheet


def candidate_csv(export: CandidateExport, dialect: str, zone: tzinfo) -> bytes:
    return to_csv(scorecard_sheet(export), dialect, zone)


def candidate_xlsx(export: CandidateExport, zone: tzinfo) -> bytes:
    """Sheets: scorecards, summary (rule and counts), areas (expectation check), amendments."""
    sheets = [scorecard_sheet(export), summary_sheet(export), areas_sheet(export),
              amendments_sheet(export)]  # fmt: skip
    return to_xlsx(sheets, zone)


# --- all candidates of a requisition ---------------------------------------------------------


def comparison_sheet(
    requisition: Requisition, framework: Framework, rows: list[Scored], hidden: set[int]
) -> Sheet:
    """One row per candidate under a first row with the expectation (the target value per
    area): per area the mean ("insufficient evidence" when only that, empty when missing),
    the rule's result, explanation and counts. Areas: the required ones and any other
    rated for a candidate the viewer may see. Applications in ``hidden`` get no ratings.
    Labels and explanations are made once per distinct value, not once per row."""
    expectation = expectation_of(requisition, framework)
    required = set(expectation.required_areas)
    visible = [row for row in rows if row.candidacy.application_id not in hidden]
    shown = set(role_area_ids(framework, (row.areas for row in visible))) | required
    # area_results gives one result per framework area, in framework order
    columns = [n for n, a in enumerate(framework.areas) if a.id in shown]
    areas = [framework.areas[n] for n in columns]
    sheet = Sheet(gettext("Comparison"), [
        gettext("Candidate"), gettext("Status"),
        *(a.title if a.id in required else gettext("%(area)s (extra)", area=a.title)
          for a in areas),
        gettext("Decision rule"), gettext("Explanation"), gettext("Areas passing"),
        gettext("Areas needed"), gettext("Submitted"), gettext("Planned"),
    ])  # fmt: skip
    sheet.rows.append([
        gettext("Expectation (target)"), None,
        *(expected_value(framework, a.id, expectation) for a in areas), *[None] * 6,
    ])  # fmt: skip
    status_label = cache(partial(label, APPLICATION_STATUS))
    rule_label = cache(partial(label, RULE_RESULT))
    titles = {a.id: a.title for a in framework.areas}
    bar = bar_name(requisition, framework)
    explanation = cache(lambda rule: words(rule, titles, bar, gettext, ngettext))
    blank: list[Cell] = [*(None for _ in areas), rule_label(HIDDEN), None, None, None]
    for row in rows:
        candidacy, rule = row.candidacy, row.rule
        if candidacy.application_id in hidden:
            middle = blank
        else:
            middle = [
                *(mean_cell(row.areas[n]) for n in columns), rule_label(rule.code),
                explanation(rule), rule.passing, rule.needed,
            ]  # fmt: skip
        sheet.rows.append([candidacy.name, status_label(candidacy.status), *middle,
                           len(candidacy.cards), candidacy.planned])  # fmt: skip
    return sheet


# --- the operator's export (CLI) -------------------------------------------------------------


def requisition_export(requisition: Requisition, fmt: str, zone: tzinfo) -> bytes:
    """Everything about one requisition, for the operator (no user, so no permission filter
    and nothing hidden): the comparison as csv (for programs) or xlsx, or for json a list
    with every candidate's consolidated scorecard. Reads one candidate at a time."""
    if fmt == "json":
        ids = db.session.scalars(
            select(Application.id)
            .where(Application.requisition_id == requisition.id)
            .order_by(Application.created_at, Application.id)
        ).all()
        return to_json(
            [candidate_data(candidate_export(consolidate(load_application(i)))) for i in ids]
        )
    framework, rows = scored_candidates(requisition)
    sheet = comparison_sheet(requisition, framework, rows, hidden=set())
    return to_csv(sheet, "comma", zone) if fmt == "csv" else to_xlsx([sheet], zone)
