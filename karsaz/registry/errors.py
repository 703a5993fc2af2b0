"""Codes of the registry's service errors a client may branch on (the API answers
``{"field": [{"message": ..., "code": ...}]}``); raised with ``core.errors.field_error``."""

from django.db import models


class RegistryErrorCode(models.TextChoices):
    STAFF_ONLY = "staff_only"  # a member changing what the agency vouches for (STAFF_FIELDS)
    PROTECTED = "protected"  # deleting an enterprise that finance or events records keep
