"""Errors services raise that are not a field's fault (the API maps them to their status)."""

from django.core.exceptions import ValidationError


class ConflictError(ValidationError):
    """The request is valid but the current state forbids it (the API answers 409)."""


def field_error(field: str, message: str, code: str) -> ValidationError:
    """A field's error that keeps its machine-readable code.

    Django drops `code=` on a dict ValidationError (`ValidationError({f: [msg]}, code=c)` has no
    code anywhere), so the code goes on the inner error. The API answers
    `{"field": [{"message": ..., "code": ...}]}`; `__all__` becomes `non_field_errors`.
    """
    return ValidationError({field: ValidationError(message, code=code)})


def error_codes(exc: ValidationError) -> dict[str, list[str]]:
    """{field: [code, ...]} of a ValidationError, for tests and logs ("invalid" when unset)."""
    if hasattr(exc, "error_dict"):
        return {
            key: [e.code or "invalid" for e in errors] for key, errors in exc.error_dict.items()
        }
    return {"__all__": [e.code or "invalid" for e in exc.error_list]}
