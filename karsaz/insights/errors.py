"""Codes of insights' input errors a client may branch on (the API answers
``{"field": [{"message": ..., "code": ...}]}``); raised with ``core.errors.field_error``."""

from django.db import models


class InsightsErrorCode(models.TextChoices):
    INVALID_PERIOD = "invalid_period"  # not a year, quarter or month ("1404-13", "1404-Q5")
    UNKNOWN_VALUE = "unknown_value"  # a province, park, division, size or kind that is not one
    PARK_OUTSIDE_PROVINCE = "park_outside_province"  # a park filter on another province's page
    UNKNOWN_FACT = "unknown_fact"  # a figure the catalog does not hold (or the user may not see)
    UNKNOWN_CHART = "unknown_chart"
    UNKNOWN_FORMAT = "unknown_format"
