"""Codes of the open-data filters' errors a client may branch on (the API answers
``{"field": [{"message": ..., "code": ...}]}``); raised with ``core.errors.field_error``."""

from django.db import models


class OpenDataErrorCode(models.TextChoices):
    INVALID_PERIOD = "invalid_period"  # not a Jalali year (1402) or month (1402-05)
    INVALID_MONTH = "invalid_month"  # a Jalali month outside 1 to 12 (1402-13)
    PERIOD_REVERSED = "period_reversed"  # start after end
    UNKNOWN_VALUE = "unknown_value"  # a province, size class, kind or series the data lacks
    NOT_A_DIMENSION = "not_a_dimension"  # a filter on a breakdown the dataset does not have
