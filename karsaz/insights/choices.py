"""What a dashboard can show: the grain of a period, the charts of a figure, export formats."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Grain(models.TextChoices):
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")
    MONTH = "month", _("Month")


class Level(models.TextChoices):
    """Where a dashboard stands in the drill-down: the country, a province, a park."""

    NATIONAL = "national", _("National")
    PROVINCE = "province", _("Province")
    PARK = "park", _("Industrial park")


class Chart(models.TextChoices):
    """The charts of one figure; each is also a sheet of the export and a CSV of its own."""

    PLACES = "places", _("By place")  # provinces, a province's parks, or a park's size classes
    MONTHS = "months", _("Over time")
    SIZES = "sizes", _("By size class")
    KINDS = "kinds", _("By kind of enterprise")
    DIVISIONS = "divisions", _("By ISIC division")
    SERIES = "series", _("By category")


class ChartFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class DashboardFormat(models.TextChoices):
    XLSX = "xlsx", "XLSX"
    PDF = "pdf", "PDF"
