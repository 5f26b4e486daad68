"""Typed models. Import from here so Alembic sees every table."""

from interview.models.audit import AuditEvent
from interview.models.frameworks import FrameworkVersion
from interview.models.hiring import (
    Application,
    Candidate,
    Decision,
    Interview,
    Loop,
    Requisition,
)
from interview.models.integrations import ApiToken, WebhookEndpoint
from interview.models.notifications import InterviewNotice, OutboxMessage, UserPreferences
from interview.models.panels import PanelDeparture
from interview.models.privacy import Approval, JobRun, RequisitionShare
from interview.models.scorecards import Answer, DraftField, Scorecard, ScorecardRevision
from interview.models.self_reports import SelfReport
from interview.models.sessions import LoginSession
from interview.models.users import ROLES, Role, User, UserRole

__all__ = [
    "ROLES",
    "ApiToken",
    "Answer",
    "Approval",
    "AuditEvent",
    "Application",
    "Candidate",
    "Decision",
    "DraftField",
    "FrameworkVersion",
    "Interview",
    "InterviewNotice",
    "JobRun",
    "LoginSession",
    "Loop",
    "OutboxMessage",
    "PanelDeparture",
    "Requisition",
    "RequisitionShare",
    "Role",
    "Scorecard",
    "ScorecardRevision",
    "SelfReport",
    "User",
    "UserPreferences",
    "UserRole",
    "WebhookEndpoint",
]
