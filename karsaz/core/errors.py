"""Errors services raise that are not a field's fault (the API maps them to their status)."""

from django.core.exceptions import ValidationError


class ConflictError(ValidationError):
    """The request is valid but the current state forbids it (the API answers 409)."""
