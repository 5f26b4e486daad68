"""The JSON API under ``/api/v1/``: the same services and permission checks as the web
pages, signed in by personal access token, documented as OpenAPI 3 at
``/api/v1/openapi.json`` (generated from the code) and as a page at ``/api/v1/docs``."""

from __future__ import annotations

import http
import threading
from typing import TYPE_CHECKING, Any

from flask import Flask
from flask_smorest import Api, Blueprint

from interview.api.schemas import ProblemSchema

if TYPE_CHECKING:
    from apispec import APISpec

PROBLEM_MIMETYPE = "application/problem+json"


class ScorecardApi(Api):
    """flask-smorest's Api, with errors left to ``interview.errors`` (problem details for
    every error, the same handler as the rest of the app) and documented as such.

    A blueprint's routes are registered at once, its operations are documented in the spec
    when the spec is first read (``/api/v1/openapi.json``, the reference page, ``flask
    openapi``): that is most of the API's start-up time, and few workers ever serve it."""

    ERROR_SCHEMA = ProblemSchema

    def __init__(self, app: Flask) -> None:
        self._undocumented: list[tuple[Blueprint, str, list | None]] = []
        self._documenting = threading.Lock()
        super().__init__(app)

    @property
    def spec(self) -> APISpec:
        if self._undocumented:
            self._document_blueprints()
        return self._spec

    @spec.setter
    def spec(self, value: APISpec) -> None:
        self._spec = value

    def register_blueprint(
        self, blp: Blueprint, *, parameters: list | None = None, **options: Any
    ) -> None:
        """flask-smorest's ``Api.register_blueprint`` (the version in constraints.txt)
        without its last step, documenting the views, which waits for the first read."""
        name = options.get("name", blp.name)
        self._app.extensions["flask-smorest"]["blp_name_to_api"][name] = self
        self._app.register_blueprint(blp, **options)
        self._undocumented.append((blp, name, parameters))

    def _document_blueprints(self) -> None:
        """The documenting step of ``Api.register_blueprint``, in registration order."""
        with self._documenting:  # a second thread's first read waits for the whole spec
            for blp, name, parameters in self._undocumented:
                blp.register_views_in_doc(
                    self, self._app, self._spec, name=name, parameters=parameters
                )
                self._spec.tag({"name": name, "description": blp.description})
            self._undocumented.clear()

    def _register_error_handlers(self) -> None:
        pass  # interview.errors answers /api/ errors as application/problem+json

    def _register_responses(self) -> None:
        """Every error response (the default one and those flask-smorest adds, such as
        422 for a body that does not validate) as problem details."""
        for status in http.HTTPStatus:
            if status >= 400:
                self.spec.components.response(status.name, self._problem(status.phrase),
                                              lazy=True)  # fmt: skip
        self.spec.components.response(
            self.DEFAULT_ERROR_RESPONSE_NAME, self._problem("Problem details (RFC 9457)"),
            lazy=True,
        )  # fmt: skip

    def _problem(self, description: str) -> dict:
        return {"description": description,
                "content": {PROBLEM_MIMETYPE: {"schema": self.ERROR_SCHEMA}}}  # fmt: skip


def init_api(app: Flask) -> None:
    from interview.api import hiring, loops, reference, results  # noqa: F401  (routes)
    from interview.api.blueprint import bp
    from interview.extensions import csrf

    app.config.setdefault("API_TITLE", "Interview scorecards")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault("API_SPEC_OPTIONS", {"security": [{"bearer": []}]})
    api = ScorecardApi(app)
    api.spec.components.security_scheme(
        "bearer", {"type": "http", "scheme": "bearer", "description": "personal access token"}
    )
    # bearer tokens only (no cookie): nothing for CSRF to protect
    csrf.exempt(bp)
    api.register_blueprint(bp)
    app.extensions["scorecard_api"] = api
