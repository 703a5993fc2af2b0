"""OpenAPI post-processing: the schema tells the truth about partial rows."""

from typing import Any

from django.utils.module_loading import import_string

# Components whose rows outside the caller's scope carry only some fields (plus `private`):
# component name -> dotted path of the set of fields every row carries.
PARTIAL_COMPONENTS = {"Enterprise": "karsaz.registry.permissions.PUBLIC_FIELDS"}


def partial_rows(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Only the fields every row carries stay required in a partial component."""
    schemas = result.get("components", {}).get("schemas", {})
    for name, path in PARTIAL_COMPONENTS.items():
        component = schemas.get(name)
        if component is None:
            continue
        always = set(import_string(path)) | {"private"}
        component["required"] = [f for f in component.get("required", []) if f in always]
        component["description"] = (
            component.get("description", "")
            + "\n\nOutside the caller's scope a row carries only the public fields and "
            '`"private": false`.'
        ).strip()
    return result


ERROR_ITEM = {
    "type": "object",
    "required": ["message", "code"],
    "properties": {
        "message": {"type": "string", "description": "In the language the request asked for."},
        "code": {"type": "string", "description": "Stable, for programs: `invalid`, `limit`…"},
    },
}
VALIDATION_ERROR = {
    "type": "object",
    "description": (
        "A refused request: each field that is wrong maps to its errors, each with a translated "
        "`message` and a stable `code`; errors not tied to a field are under `non_field_errors`. "
        "A nested field maps to an object of the same shape. A body that cannot be read at all "
        "answers `detail` instead."
    ),
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {
        "anyOf": [
            {"type": "array", "items": {"anyOf": [ERROR_ITEM, {"type": "object"}]}},
            {"type": "object"},
        ]
    },
}


def error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Every operation documents its 400: the field errors with their codes."""
    result.setdefault("components", {}).setdefault("schemas", {})["ValidationError"] = (
        VALIDATION_ERROR
    )
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            operation.setdefault("responses", {}).setdefault(
                "400",
                {
                    "description": "Refused: field errors with codes.",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/ValidationError"}
                        }
                    },
                },
            )
    return result
