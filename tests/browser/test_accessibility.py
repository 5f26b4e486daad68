"""axe-core over every page type, for each role, at the three tablet sizes: no serious or
critical violation (WCAG 2.1 AA and axe's best practices). Plus what axe cannot see: form
fields with a border of at least 3:1, and a skip link as the first stop of the keyboard."""

from __future__ import annotations

import pytest

from tests.bank_builder import sectioned_with_shipped
from tests.browser.axe_runner import (
    axe_source,
    serious_violations,
    skip_link_problem,
    weak_control_borders,
)
from tests.browser.conftest import TABLETS, screenshot, sign_in
from tests.conftest import BANK_PATH, TEST_PASSWORD
from tests.factories import AREAS

EVIDENCE = "Hat die Verlängerung mit 12 % mehr Volumen abgeschlossen und das Risiko früh benannt."


@pytest.fixture
def app_config(app_config, tmp_path):
    # the shipped framework plus the 35-area test framework in five sections
    bank = sectioned_with_shipped(tmp_path / "bank", BANK_PATH)
    return {**app_config, "QUESTION_BANK_PATH": str(bank)}


@pytest.fixture(scope="session")
def axe():
    return axe_source()


@pytest.fixture
def world(make_user, make):
    """One user per role, a requisition with a candidate whose loop is partly scored, and
    the interviewer's own draft and submitted scorecards."""
    users = {
        "admin": make_user("admin", name="Andrea Admin"),
        "hiring_manager": make_user("hiring_manager", name="Katrin Vogel"),
        "recruiter": make_user("recruiter", name="Felix Braun"),
        "interviewer": make_user("interviewer", name="Anna Schmidt"),
        "data_protection": make_user("data_protection", name="Dana Datenschutz"),
        "works_council": make_user("works_council", name="Bernd Betriebsrat"),
    }
    requisition = make("requisition", users["hiring_manager"])
    make("council_share", requisition, users["hiring_manager"])
    candidate = make("candidate", name="Lena Hoffmann")
    application = make("application", requisition, candidate)
    loop = make("loop", application, status="ready")
    own = make("interview", loop, users["interviewer"], AREAS[0])
    make("scorecard", own, rating=3, evidence="Notiz")
    for area, value in zip(AREAS[1:], [4, 3, 2, 3, 1], strict=True):
        card = make("interview", loop, make_user("interviewer"), area)
        make("scorecard", card, submitted=True, rating=value, evidence=EVIDENCE)
    # a second candidate whose scorecard the interviewer has submitted: the locked kit
    other = make("loop", make("application", requisition, make("candidate", name="Murat Yılmaz")))
    done = make("interview", other, users["interviewer"], AREAS[0])
    make("scorecard", done, submitted=True, rating=4, evidence=EVIDENCE * 2)
    return {
        "users": users, "requisition": requisition, "candidate": candidate,
        "application": application, "own": own, "done": done,
    }  # fmt: skip


def pages_by_role(w: dict) -> dict[str, dict[str, str]]:
    req, app, cand = w["requisition"].id, w["application"].id, w["candidate"].id
    own, done = w["own"].id, w["done"].id
    everyone = {
        "start": "/",
        "frameworks": "/frameworks/",
        "framework-sections": "/frameworks/fuehrung",
        "framework": "/frameworks/account-manager",
        "account": "/account/password",
        "api-tokens": "/account/tokens",
        "notification-settings": "/account/notifications",
        "not-found": "/frameworks/nothing-here",
    }
    hiring = {
        "requisitions": "/requisitions/",
        "requisition": f"/requisitions/{req}",
        "candidates": "/candidates/",
        "candidate": f"/candidates/{cand}",
        "candidate-new": "/candidates/new",
        "candidate-edit": f"/candidates/{cand}/edit",
        "loop-builder": f"/applications/{app}/loop",
        "interview-edit": f"/interviews/{own}/edit",
        "results": f"/applications/{app}/results",
        "comparison": f"/requisitions/{req}/compare",
    }
    return {
        "interviewer": {
            **everyone,
            "my-interviews": "/my/interviews",
            "assignment": f"/assignments/{own}",
            "kit": f"/assignments/{own}/kit",
            "kit-submitted": f"/assignments/{done}/kit",
        },
        "hiring_manager": {
            **everyone,
            **hiring,
            "requisition-new": "/requisitions/new",
            "requisition-form-sections": "/requisitions/new?framework=fuehrung",
            "requisition-edit": f"/requisitions/{req}/edit",
            "candidate-import": f"/requisitions/{req}/import",
        },
        "recruiter": {**everyone, **hiring, "calibration": "/calibration/interviewers"},
        "data_protection": {
            **everyone,
            "privacy": "/privacy/",
            "privacy-candidate": f"/privacy/candidates/{cand}",
            "privacy-export": f"/privacy/candidates/{cand}/export",
        },
        "works_council": {
            **everyone,
            "council": "/council/",
            "council-requisition": f"/council/requisitions/{req}",
        },
        "admin": {
            **everyone,
            "council": "/council/",
            "council-requisition": f"/council/requisitions/{req}",
            "privacy": "/privacy/",
            "users": "/admin/users",
            "user-new": "/admin/users/new",
            "user-edit": f"/admin/users/{w['users']['interviewer'].id}/edit",
            "audit": "/admin/audit",
            "mails": "/admin/notifications",
            "webhooks": "/admin/webhooks",
            "quality-requisition": f"/quality/requisitions/{req}",
            "quality-framework": "/quality/frameworks/account-manager",
            "results": f"/applications/{app}/results",
            "comparison": f"/requisitions/{req}/compare",
        },
    }


def check(page, axe, name: str, found: dict[str, list[str]]) -> None:
    assert page.locator("h1").count() >= 1, f"{name}: no page heading at {page.url}"
    problems = serious_violations(page, axe) + weak_control_borders(page)
    if skip := skip_link_problem(page):
        problems.append(skip)
    if problems:
        found[name] = problems
        screenshot(page, f"axe-{name}")


@pytest.mark.parametrize("size", sorted(TABLETS))
def test_no_serious_accessibility_violations(browser, live_server, world, axe, size):
    found: dict[str, list[str]] = {}
    for role, pages in {"anonymous": {}, **pages_by_role(world)}.items():
        context = browser.new_context(
            viewport=TABLETS[size], has_touch=True, is_mobile=True, device_scale_factor=1,
            locale="de-DE", bypass_csp=True,  # axe is injected as an inline script
        )  # fmt: skip
        page = context.new_page()
        page.size_name = size
        if role == "anonymous":
            page.goto(f"{live_server}/login")
            check(page, axe, "login", found)
            page.evaluate("() => { document.body.tabIndex = -1; document.body.focus(); }")
            page.keyboard.press("Tab")
            screenshot(page, "skip-link-focused")
            page.fill("input[name=email]", "nobody@example.net")
            page.fill("input[name=password]", "wrong password")
            with page.expect_navigation():
                page.tap("button.button-primary")
            check(page, axe, "login-refused", found)
        else:
            sign_in(page, live_server, world["users"][role], TEST_PASSWORD)
        for name, path in pages.items():
            response = page.goto(f"{live_server}{path}")
            expected = 404 if name == "not-found" else 200
            assert response.status == expected, f"{role} got {response.status} for {path}"
            check(page, axe, f"{role}-{name}", found)
        context.close()
    report = "\n".join(f"{name}: {line}" for name, lines in found.items() for line in lines)
    assert not found, f"serious or critical accessibility violations at {size}:\n{report}"
