"""Shared DRF fields: dates the API reads exactly as the HTML forms do."""

import datetime as dt
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from karsaz.core import jalali


class JalaliDateField(serializers.DateField):
    """A date written in Jalali (1300-1499) or Gregorian ISO (1900-2199), with Persian or Latin
    digits and '-' or '/'; «1405-01-01» is Jalali, as in the forms. Output stays ISO Gregorian."""

    default_error_messages = {
        "invalid": _("Write the date as 1405/01/31 (Jalali) or 2026-04-20."),
        "year": _("The year must be from 1300 to 1499 (Jalali) or from 1900 to 2199 (Gregorian)."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text",
            _("Jalali (1405/01/31, 1300-1499) or Gregorian (2026-04-20, 1900-2199)."),
        )
        super().__init__(**kwargs)

    def to_internal_value(self, value: Any) -> dt.date:
        if isinstance(value, dt.datetime) or not isinstance(value, str | dt.date):
            self.fail("invalid")
        if isinstance(value, dt.date):
            value = value.isoformat()
        try:
            return jalali.parse_date(value)
        except jalali.DateOutOfRange:
            self.fail("year")
        except ValueError:
            self.fail("invalid")
        raise AssertionError("unreachable")  # fail() raises; this keeps mypy content


class ModelSerializer(serializers.ModelSerializer):
    """Every Karsaz model serializer: model date fields are read as Jalali or Gregorian."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateField: JalaliDateField,
    }
