"""Validate real answers against the served OpenAPI schema (tests only).

The schema is OpenAPI 3.0 (``nullable``, ``discriminator``): ``response_schema`` turns an operation's answer schema
into JSON Schema (2020-12) with every component, and ``strict`` forbids properties the schema does not name, so
an answer that grows an undocumented field fails as surely as one that lacks a documented one.
"""

from functools import cache

import jsonschema
from drf_spectacular.generators import SchemaGenerator


@cache
def served_schema() -> dict:
    """The schema /api/schema/ serves (built once per test run; it depends on code and settings only)."""
    return SchemaGenerator().get_schema(request=None, public=True)


def _to_json_schema(node, *, strict: bool):
    if isinstance(node, list):
        return [_to_json_schema(item, strict=strict) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _to_json_schema(value, strict=strict) for key, value in node.items() if key != "discriminator"}
    if strict and "properties" in node and "additionalProperties" not in node:
        node["additionalProperties"] = False
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


def response_schema(path: str, status: int = 200, *, method: str = "get", strict: bool = True) -> dict:
    """The JSON Schema of ``method path``'s ``status`` answer (``path`` as the schema names it)."""
    schema = served_schema()
    answer = schema["paths"][path][method]["responses"][str(status)]["content"]["application/json"]["schema"]
    components = _to_json_schema(schema["components"], strict=strict)
    return {**_to_json_schema(answer, strict=strict), "components": components}


def _deepest(error):
    """The deepest mismatch under a oneOf/anyOf error: the alternative that got furthest says what is wrong."""
    if not error.context:
        return error
    return max((_deepest(sub) for sub in error.context), key=lambda sub: len(sub.absolute_path))


def assert_matches(data, path: str, status: int = 200, **kwargs) -> None:
    """``data`` is a valid ``status`` answer of ``path``; else the assertion names every mismatch."""
    validator = jsonschema.Draft202012Validator(response_schema(path, status, **kwargs))
    errors = [_deepest(error) for error in validator.iter_errors(data)]
    if errors:
        error = max(errors, key=lambda error: len(error.absolute_path))
        where = "/".join(map(str, error.absolute_path)) or "(root)"
        raise AssertionError(f"{path} {status}: {where}: {error.message[:500]}")
