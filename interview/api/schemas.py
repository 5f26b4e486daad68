"""Request and response bodies of the API (marshmallow), the source of the OpenAPI document.

Input limits mirror the database columns and ``interview.edges``: text without NUL
characters or lone surrogates, ids within 32 bits, dates a person can mean. Unknown
fields are refused (422), so a typo never passes silently.
"""

from __future__ import annotations

from datetime import datetime

import marshmallow as ma
from marshmallow import fields, validate

from interview.edges import MAX_ID, MAX_PAGE, text_problem, year_in_range
from interview.models.hiring import (
    APPLICATION_STATUSES,
    DECISIONS,
    REQUISITION_STATUSES,
    SCORE_VISIBILITY,
)

Id = fields.Integer
ID_RANGE = validate.Range(min=1, max=MAX_ID)
TARGET_RANGE = validate.Range(min=0, max=99)


def _storable(value: str) -> None:
    problem = text_problem(value)
    if problem:
        raise ma.ValidationError(problem)


def Text(max_length: int, *, min_length: int = 0, **kwargs) -> fields.String:  # noqa: N802 (reads like a field class)
    """A string the database can store, ``min_length`` to ``max_length`` characters."""
    length = validate.Length(min=min_length or None, max=max_length)
    return fields.String(validate=[length, _storable], **kwargs)


def _plausible(value: datetime) -> None:
    if not year_in_range(value):
        raise ma.ValidationError("expected a date from 1970 to 2200")


class Strict(ma.Schema):
    class Meta:
        unknown = ma.RAISE


class PageArgs(Strict):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    per_page = fields.Integer(load_default=25, validate=validate.Range(min=1, max=100))


class PageOut(ma.Schema):
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    pages = fields.Integer(required=True)


# --- requisitions ------------------------------------------------------------------------


class RuleIn(Strict):
    min_rating = fields.String(
        required=True, validate=validate.Regexp(r"^(target|\d{1,2})$"),
        metadata={"description": "a point of the scale, or 'target' (each area's target)"},
    )  # fmt: skip
    min_areas = fields.String(
        required=True, validate=validate.Regexp(r"^(all|\d{1,2})$"),
        metadata={"description": "how many required areas must reach min_rating, or 'all'"},
    )  # fmt: skip
    none_below = fields.Integer(load_default=None, allow_none=True,
                                validate=validate.Range(min=0, max=99))  # fmt: skip
    text = Text(1000, load_default=None, allow_none=True)


class RuleOut(ma.Schema):
    min_rating = fields.Raw(metadata={"description": "a point of the scale, or 'target'"})
    min_areas = fields.Raw(metadata={"description": "a number of areas, or 'all'"})
    none_below = fields.Integer(allow_none=True)
    text = fields.String(allow_none=True)


class RequisitionIn(Strict):
    title = Text(200, min_length=1, required=True)
    framework = Text(100, required=True, metadata={"description": "framework id of the bank"})
    target_level = Text(100, load_default=None, allow_none=True)
    required_areas = fields.List(Text(100), load_default=None, allow_none=True)
    targets = fields.Dict(
        keys=Text(100), values=fields.Integer(validate=TARGET_RANGE),
        load_default=dict, metadata={"description": "target value per area (target profiles)"},
    )  # fmt: skip
    decision_rule = fields.Nested(RuleIn, load_default=None, allow_none=True)
    owner_id = Id(load_default=None, allow_none=True, validate=ID_RANGE)
    status = fields.String(load_default="open", validate=validate.OneOf(REQUISITION_STATUSES))
    scores_visible = fields.String(
        load_default="after_submit", validate=validate.OneOf(SCORE_VISIBILITY)
    )


class RequisitionPatch(Strict):
    title = Text(200, min_length=1)
    target_level = Text(100, allow_none=True)
    required_areas = fields.List(Text(100))
    targets = fields.Dict(keys=Text(100), values=fields.Integer(validate=TARGET_RANGE))
    decision_rule = fields.Nested(RuleIn)
    owner_id = Id(validate=ID_RANGE)
    status = fields.String(validate=validate.OneOf(REQUISITION_STATUSES))
    scores_visible = fields.String(validate=validate.OneOf(SCORE_VISIBILITY))


class RequisitionListArgs(PageArgs):
    status = fields.String(validate=validate.OneOf(REQUISITION_STATUSES))


class FrameworkRef(ma.Schema):
    id = fields.String(required=True)
    version = fields.String(required=True)


class RequisitionOut(ma.Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    status = fields.String(required=True)
    framework = fields.Nested(FrameworkRef, required=True)
    target_level = fields.String(allow_none=True)
    target_overrides = fields.Dict(keys=fields.String(), values=fields.Integer())
    required_areas = fields.List(fields.String())
    decision_rule = fields.Nested(RuleOut)
    owner_id = fields.Integer(required=True)
    scores_visible = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    url = fields.String(required=True, metadata={"description": "the page in the web app"})


class RequisitionPage(PageOut):
    items = fields.List(fields.Nested(RequisitionOut), required=True)


# --- candidates and applications --------------------------------------------------------


class CandidateIn(Strict):
    name = Text(200, min_length=1, required=True)
    email = fields.Email(required=True, validate=[validate.Length(max=254), _storable])
    phone = Text(50, load_default=None, allow_none=True)
    source = Text(100, load_default=None, allow_none=True)
    notes = Text(10000, load_default="")
    requisition_id = Id(
        load_default=None, allow_none=True, validate=ID_RANGE,
        metadata={"description": "consider the candidate for it at once"},
    )  # fmt: skip
    confirm_duplicate = fields.Boolean(
        load_default=False,
        metadata={"description": "true: add although a candidate has this e-mail already"},
    )
    internal = fields.Boolean(
        load_default=False,
        metadata={"description": "the candidate already works here (no level allowance)"},
    )


class CandidatePatch(Strict):
    name = Text(200, min_length=1)
    email = fields.Email(validate=[validate.Length(max=254), _storable])
    phone = Text(50, allow_none=True)
    source = Text(100, allow_none=True)
    notes = Text(10000)


class CandidateListArgs(PageArgs):
    requisition_id = Id(validate=ID_RANGE)
    q = Text(200, metadata={"description": "part of the name or e-mail"})


class ApplicationBrief(ma.Schema):
    id = fields.Integer(required=True)
    requisition_id = fields.Integer(required=True)
    status = fields.String(required=True)


class CandidateOut(ma.Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    email = fields.String(required=True)
    phone = fields.String(allow_none=True)
    source = fields.String(allow_none=True)
    notes = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    applications = fields.List(fields.Nested(ApplicationBrief), required=True)
    url = fields.String(required=True)


class CandidatePage(PageOut):
    items = fields.List(fields.Nested(CandidateOut), required=True)


class ApplicationIn(Strict):
    candidate_id = Id(required=True, validate=ID_RANGE)
    requisition_id = Id(required=True, validate=ID_RANGE)
    internal = fields.Boolean(
        load_default=False,
        metadata={"description": "the candidate already works here (no level allowance)"},
    )


class ApplicationPatch(Strict):
    status = fields.String(validate=validate.OneOf(APPLICATION_STATUSES))
    internal = fields.Boolean()


class ApplicationListArgs(PageArgs):
    requisition_id = Id(validate=ID_RANGE)
    status = fields.String(validate=validate.OneOf(APPLICATION_STATUSES))


class ApplicationOut(ma.Schema):
    id = fields.Integer(required=True)
    candidate_id = fields.Integer(required=True)
    candidate_name = fields.String(required=True)
    requisition_id = fields.Integer(required=True)
    status = fields.String(required=True)
    internal = fields.Boolean(required=True)
    loop_status = fields.String(allow_none=True)
    created_at = fields.DateTime(required=True)
    url = fields.String(required=True)


class ApplicationPage(PageOut):
    items = fields.List(fields.Nested(ApplicationOut), required=True)


# --- loops and interviews --------------------------------------------------------------


class InterviewIn(Strict):
    interviewer_id = Id(required=True, validate=ID_RANGE)
    area = Text(100, required=True, metadata={"description": "area id of the framework"})
    starts_at = fields.AwareDateTime(required=True, validate=_plausible)
    duration_minutes = fields.Integer(load_default=60, validate=validate.Range(min=1, max=1440))
    location = Text(500, load_default="")
    second_rater = fields.Boolean(
        load_default=False,
        metadata={"description": "true: a second rater on an area that is covered already"},
    )


class InterviewPatch(Strict):
    interviewer_id = Id(validate=ID_RANGE)
    area = Text(100)
    starts_at = fields.AwareDateTime(validate=_plausible)
    duration_minutes = fields.Integer(validate=validate.Range(min=1, max=1440))
    location = Text(500)
    second_rater = fields.Boolean()


class InterviewerOut(ma.Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    email = fields.String(required=True)


class InterviewerList(ma.Schema):
    items = fields.List(fields.Nested(InterviewerOut), required=True)


class InterviewOut(ma.Schema):
    id = fields.Integer(required=True)
    application_id = fields.Integer(required=True)
    interviewer_id = fields.Integer(required=True)
    interviewer_name = fields.String(required=True)
    area = fields.String(required=True)
    starts_at = fields.DateTime(required=True)
    duration_minutes = fields.Integer(required=True)
    location = fields.String(required=True)
    second_rater = fields.Boolean(required=True)
    scorecard_submitted = fields.Boolean(required=True)


class CoverageOut(ma.Schema):
    complete = fields.Boolean(required=True)
    missing = fields.List(fields.String(), required=True)
    doubled = fields.List(fields.String(), required=True)


class LoopOut(ma.Schema):
    application_id = fields.Integer(required=True)
    status = fields.String(required=True, metadata={"description": "none, draft or ready"})
    coverage = fields.Nested(CoverageOut, required=True)
    interviews = fields.List(fields.Nested(InterviewOut), required=True)
    url = fields.String(required=True)


class LoopPatch(Strict):
    status = fields.String(required=True, validate=validate.OneOf(("draft", "ready")))


# --- results and decisions (read) ---------------------------------------------------------


class DecisionOut(ma.Schema):
    id = fields.Integer(required=True)
    decision = fields.String(required=True, validate=validate.OneOf(DECISIONS))
    reason = fields.String(required=True)
    rule_result = fields.String(required=True)
    rule_explanation = fields.String(required=True)
    decided_by = fields.String(required=True)
    decided_at = fields.DateTime(required=True)


class DecisionList(ma.Schema):
    items = fields.List(fields.Nested(DecisionOut), required=True)


class ResultsOut(ma.Schema):
    """The consolidated scorecard, as the web's ``results.json`` export."""

    candidate = fields.Dict(required=True)
    application = fields.Dict(required=True)
    requisition = fields.Dict(required=True)
    areas = fields.List(fields.Dict(), required=True)
    rule = fields.Dict(required=True)
    scorecards = fields.List(fields.Dict(), required=True)
    pending = fields.List(fields.Dict(), required=True)
    decision = fields.Dict(allow_none=True, required=True)
    exported_at = fields.String(required=True)


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    instance = fields.String()
    errors = fields.Dict(metadata={"description": "per field: why it was not accepted"})
