"""The results page: the early verdict, the role's areas, amendments, status and debrief."""

from __future__ import annotations

import pytest

from tests.factories import AREAS

EN = {"Accept-Language": "en"}


@pytest.fixture
def rated(make_user, make):
    """A candidate on the Account-Manager framework (Senior, 3 in five areas, none below 2);
    ``values`` per area: a rating, "n/a" (insufficient evidence) or None (not submitted)."""

    def build(values, owner=None, **application_fields):
        owner = owner or make_user("hiring_manager")
        requisition = make("requisition", owner)
        application = make("application", requisition, **application_fields)
        loop = make("loop", application, status="ready")
        for area, value in zip(AREAS, values, strict=True):
            interview = make("interview", loop, make_user("interviewer"), area)
            if value is not None:
                make("scorecard", interview, submitted=True, rating=value,
                     insufficient=value == "n/a")  # fmt: skip
        return {"owner": owner, "application": application, "requisition": requisition}

    return build


def results_page(client, world, headers=EN):
    return client.get(f"/applications/{world['application'].id}/results", headers=headers)


def test_level_allowance_only_for_external_candidates(client, login, rated):
    external = rated([4, 3, 3, 3, 2, 3])
    internal = rated([4, 3, 3, 3, 2, 3], external["owner"], internal=True)
    login(external["owner"])
    text = results_page(client, external).text
    assert "shows level Mid-Level (within the allowance for external candidates)" in text
    text = results_page(client, internal).text
    assert "shows level Mid-Level" in text
    assert "within the allowance for external candidates" not in text
