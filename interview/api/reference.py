"""The API's reference page, rendered on the server from the OpenAPI document (no
JavaScript, nothing loaded from another site)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template

bp = Blueprint("api_reference", __name__)

METHODS = ("get", "post", "put", "patch", "delete")


@bp.get("/api/v1/docs")
def show():
    """Every operation with its parameters, body and answers; public (it holds no data)."""
    spec = current_app.extensions["scorecard_api"].spec.to_dict()
    return render_template(
        "api/reference.html", operations=operations(spec), schemas=_schemas(spec), spec=spec
    )


def operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The document's operations in path order, each with a display name for schemas."""
    found = []
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            if method not in item:
                continue
            op = item[method]
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            found.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "tag": (op.get("tags") or [""])[0],
                "description": op.get("description", ""),
                "parameters": item.get("parameters", []) + op.get("parameters", []),
                "body": _ref_name(body.get("schema")),
                "responses": [(code, r.get("description", ""), _response_schema(r))
                              for code, r in op.get("responses", {}).items()],
                "anchor": f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", ""),
            })  # fmt: skip
    return found


def _schemas(spec: dict[str, Any]) -> dict[str, Any]:
    return spec.get("components", {}).get("schemas", {})


def _response_schema(response: dict[str, Any]) -> str | None:
    for content in response.get("content", {}).values():
        return _ref_name(content.get("schema"))
    return None


def _ref_name(schema: dict[str, Any] | None) -> str | None:
    if not schema:
        return None
    ref = schema.get("$ref") or schema.get("items", {}).get("$ref")
    return ref.rsplit("/", 1)[-1] if ref else schema.get("type")
