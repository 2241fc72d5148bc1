"""Request bodies checked against their route's JSON Schema (the shape: types, required fields,
sizes), refused in words a person understands: "Enter a subject", "The subject can be at most
200 characters". The refusal also names the field by its path (`subject`, `roles[0].name`), so a
client can show it beside that field. What the values mean is the domain parsers' business."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..domain.errors import InvalidInput

CodeFor = Callable[[str, str], str]  # (field path, rule) -> the error code


def invalid_field(path: str, rule: str) -> str:
    return "invalid_field"


_compiled: dict[int, Callable[[Any], Any]] = {}


def validate(schema: dict[str, Any], data: Any, code_for: CodeFor = invalid_field) -> None:
    import fastjsonschema  # compiled per schema on first use, not at import (cold start)

    key = id(schema)
    if key not in _compiled:
        _compiled[key] = fastjsonschema.compile(schema)
    try:
        _compiled[key](data)
    except fastjsonschema.JsonSchemaValueException as exc:
        path = [int(p) if p.isdigit() else p for p in exc.path[1:]]
        field, message = refusal(schema, path, exc.rule or "", exc.rule_definition, exc.value)
        raise InvalidInput(message, code=code_for(field, exc.rule or ""), field=field or None) from None


def refusal(root: dict[str, Any], path: list[str | int], rule: str, limit: Any, value: Any) -> tuple[str, str]:
    """(field path, sentence) for one broken rule at `path` of a body checked against `root`."""
    here = _schema_at(root, path)
    if rule == "required":
        missing = next((name for name in limit if not isinstance(value, dict) or name not in value), limit[0])
        path, here = [*path, missing], here.get("properties", {}).get(missing, {})
        return _path_text(path), _missing(here, _label(root, path))
    if rule == "additionalProperties":
        known = here.get("properties", {})
        extra = next((str(name) for name in (value or {}) if name not in known), "")
        return _path_text([*path, extra]), f"“{extra[:40]}” is not a field of this request; leave it out"
    label = _label(root, path)
    return _path_text(path), _broken(rule, limit, label, here)


def _broken(rule: str, limit: Any, label: str, here: dict[str, Any]) -> str:
    if rule == "minLength":
        return _missing(here, label) if limit <= 1 else f"The {label} must be at least {limit:,} characters"
    if rule == "maxLength":
        return f"The {label} can be at most {limit:,} characters"
    if rule == "minItems":
        return f"Choose at least {'one' if limit == 1 else limit} {label if limit == 1 else _plural(label)}"
    if rule == "maxItems":
        return f"Choose at most {limit:,} {_plural(label)}"
    if rule == "minimum":
        return f"The {label} must be at least {limit:,}"
    if rule == "maximum":
        return f"The {label} must be at most {limit:,}"
    if rule == "type":
        return _wrong_type(label, limit)
    if rule == "enum":
        choices = [str(choice) for choice in limit if choice is not None]
        return f"The {label} must be {_one_of(choices)}"
    if rule == "const":
        return f"The {label} must be {limit}"
    if rule == "format" and limit == "date-time":
        return f"The {label} must be a date and time, such as 2026-12-01T17:00:00Z"
    if rule == "pattern":
        return f"The {label} is not one Callboard gave out"
    return f"The {label} is not in a form we accept"


def _wrong_type(label: str, expected: Any) -> str:
    kinds = [expected] if isinstance(expected, str) else [kind for kind in expected if kind != "null"]
    words = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
             "array": "a list", "object": "a JSON object with named fields"}
    wanted = " or ".join(words.get(kind, kind) for kind in kinds)
    if kinds == ["boolean"]:
        return f"{label[:1].upper()}{label[1:]} must be true or false"
    if kinds == ["array"]:
        return f"The {_plural(label)} must be a list"
    return f"The {label} must be {wanted}"


def _missing(here: dict[str, Any], label: str) -> str:
    kind = here.get("type")
    kinds = [kind] if isinstance(kind, str) else list(kind or [])
    if "enum" in here:
        return f"Choose {_article(label)}"
    if "array" in kinds:
        return f"Choose at least one {label}"
    if "boolean" in kinds:
        return f"Say whether {label}: true or false"
    return f"Enter {_article(label)}"


def _schema_at(root: dict[str, Any], path: list[str | int]) -> dict[str, Any]:
    return _schemas_along(root, path)[-1]


def _schemas_along(root: dict[str, Any], path: list[str | int]) -> list[dict[str, Any]]:
    """The schema of the body, then of each step of `path` into it ({} past what it describes)."""
    chain = [root]
    for step in path:
        here = chain[-1]
        if isinstance(step, int):
            items = here.get("items", {})
            chain.append(items if isinstance(items, dict) else {})
        else:
            chain.append(here.get("properties", {}).get(step, {}))
    return chain


def _label(root: dict[str, Any], path: list[str | int]) -> str:
    """The field's title (or its list's, for an item), else its name in words."""
    for schema, step in zip(reversed(_schemas_along(root, path)), [*reversed(path), None], strict=True):
        if schema.get("title"):
            return str(schema["title"])
        if isinstance(step, str):
            return step.replace("_", " ")
    return "request body"


def _path_text(path: list[str | int]) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def _article(label: str) -> str:
    return f"{'an' if label[:1].lower() in 'aeiou' else 'a'} {label}"


def _plural(label: str) -> str:
    return label if label.endswith("s") else f"{label}s"


def _one_of(choices: list[str]) -> str:
    if len(choices) == 1:
        return choices[0]
    return f"one of {', '.join(choices[:-1])} or {choices[-1]}"
