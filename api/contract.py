"""Makes the OpenAPI document say what the app really answers: the 422 body is ours, not FastAPI's.

FastAPI documents its own 422 shape ({detail: [{loc, msg, type}]}) on every route that takes input;
api/errors.py answers {message, detail: [{loc, field, msg}]}. The two schemas FastAPI refers to are
replaced in place, so each route keeps its 422 exactly where FastAPI found inputs to validate.
"""

from __future__ import annotations

from fastapi import FastAPI

from .schemas.errors import ValidationErrorOut

_REF = "#/components/schemas/{model}"


def install_contract(app: FastAPI) -> None:
    generate = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = generate()
            ours = ValidationErrorOut.model_json_schema(ref_template=_REF)
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            components.update(ours.pop("$defs", {}))
            components["HTTPValidationError"] = ours
            components.pop("ValidationError", None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi
