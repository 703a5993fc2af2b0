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
