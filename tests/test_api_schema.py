"""Schemathesis against the API's own OpenAPI document: every operation, generated
requests (valid and invalid: both generation modes) sent with a valid write token, no
5xx, and every answer matches the document (status code, content type, headers, body)."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from interview.db import utcnow
from tests.api_helpers import bearer, token_for
from tests.factories import AREAS

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = 20


@pytest.fixture
def api_app(app_config, make_app):
    return make_app(app_config | {"API_RATE_LIMIT": "100000 per minute"})


@pytest.fixture
def admin_token(api_app):
    """An admin (who sees everything) with a write token, and data for every resource:
    ids 1 exist, so generated requests reach the services, not only the 404s."""
    from interview.extensions import db
    from interview.frameworks.services import current_bank, sync_bank
    from interview.models import User
    from tests import factories

    with api_app.app_context():
        if api_app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
            db.create_all()
        sync_bank(current_bank())
        admin = User(email="admin@example.com", name="Admin", password_hash="x")
        admin.set_roles({"admin", "hiring_manager", "recruiter"})
        interviewer = User(email="iv@example.com", name="Iv", password_hash="x")
        interviewer.set_roles({"interviewer"})
        db.session.add_all([admin, interviewer])
        db.session.flush()
        application = factories.application(factories.requisition(admin))
        loop = factories.loop(application)
        past = utcnow() - timedelta(days=1)
        factories.scorecard(
            factories.interview(loop, interviewer, AREAS[0], starts_at=past), submitted=True
        )
        db.session.commit()
        db.session.expunge(admin)
    return token_for(api_app, admin)


def test_every_operation_conforms_to_the_document(api_app, admin_token):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api_app)
    headers = bearer(admin_token)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 18

    for operation, mode in itertools.product(operations, GenerationMode):

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def check(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        check()
