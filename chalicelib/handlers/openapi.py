"""GET /openapi.json: generated from the route registry, so it cannot drift from the routes."""
from __future__ import annotations

import re
from typing import Any

from . import schemas as s
from .http import Api, Call, Operation


def _parameters(op: Operation) -> list[dict[str, Any]]:
    params = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
              for name in re.findall(r"{(\w+)}", op.path)]
    params += [{"name": name, "in": "query", "required": False, "schema": schema}
               for name, schema in op.query.items()]
    return params


def document(api: Api) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for op in api.operations:
        entry: dict[str, Any] = {
            "summary": op.summary,
            "operationId": f"{op.method.lower()}_{re.sub(r'[^a-zA-Z0-9]+', '_', op.path).strip('_')}",
            "parameters": _parameters(op),
            "responses": {
                str(op.status): {"description": "OK",
                                 "content": {"application/json": {"schema": op.response or {"type": "object"}}}},
                "default": {"description": "Error", "content": {"application/json": {"schema": s.ERROR}}},
            },
        }
        if op.body is not None:
            entry["requestBody"] = {"required": True, "content": {"application/json": {"schema": op.body}}}
        if op.auth:
            entry["security"] = [{"bearer": []}]
        paths.setdefault(op.path, {})[op.method.lower()] = entry
    return {
        "openapi": "3.1.0",
        "info": {"title": "Callboard API", "version": "1.0.0"},
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "paths": paths,
    }


def register(api: Api) -> None:
    @api.get("/openapi.json", "This document", auth=False)
    def openapi(call: Call) -> dict[str, Any]:
        return document(api)
