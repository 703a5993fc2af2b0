"""Stored aggregates: one row per fact and cell, refreshed by a job, read by every page.

A cell is one combination of the dimensions every programme shares through the registry
(province, park, ISIC division, size class, enterprise kind), a Jalali month and an optional
series (a state, an area, an event). Pages and datasets add cells up; nothing reads the
programmes' raw rows at request time.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from karsaz.registry.choices import EnterpriseKind, SizeClass
from karsaz.registry.models import IndustrialPark, Province


class Cell(models.Model):
    fact = models.CharField(_("fact"), max_length=64)
    month = models.PositiveIntegerField(_("Jalali month"), help_text="yyyymm, e.g. 140509")
    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="+")
    park = models.ForeignKey(
        IndustrialPark, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    isic_division = models.CharField(_("ISIC division"), max_length=2, blank=True)
    size_class = models.CharField(_("size class"), max_length=8, choices=SizeClass.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=EnterpriseKind.choices)
    series = models.CharField(_("series"), max_length=64, blank=True)
    rows = models.BigIntegerField(_("rows"))
    total = models.BigIntegerField(_("total"))
    # Distinct enterprises behind the cell: additive across cells of one month (a firm sits in
    # one cell at a time), not across months; small-cell suppression reads it.
    firms = models.PositiveIntegerField(_("firms"))

    class Meta:
        # No unique constraint: the refresh replaces a fact's months whole under the fact's lock
        # (a nullable park would need NULLS NOT DISTINCT, which SQLite lacks).
        verbose_name = _("aggregate cell")
        verbose_name_plural = _("aggregate cells")
        indexes = [
            models.Index(fields=["fact", "month"]),
            models.Index(fields=["fact", "province", "month"]),
        ]

    def __str__(self) -> str:
        return f"{self.fact} {self.month} {self.province_id}"


class Rollup(models.Model):
    """The cells added up over park and ISIC division: what a dashboard reads when it does not
    filter or break down by either (most pages). A tenth of the rows at national scale, so a
    national page adds up tens of thousands of rows, not hundreds of thousands. Rebuilt from
    the cells by the same refresh, for the same months; `firms` stays exact (a firm sits in one
    cell of a month)."""

    fact = models.CharField(_("fact"), max_length=64)
    month = models.PositiveIntegerField(_("Jalali month"))
    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="+")
    size_class = models.CharField(_("size class"), max_length=8, choices=SizeClass.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=EnterpriseKind.choices)
    series = models.CharField(_("series"), max_length=64, blank=True)
    rows = models.BigIntegerField(_("rows"))
    total = models.BigIntegerField(_("total"))
    firms = models.PositiveIntegerField(_("firms"))

    class Meta:
        verbose_name = _("aggregate roll-up")
        verbose_name_plural = _("aggregate roll-ups")
        indexes = [
            models.Index(fields=["fact", "month"]),
            models.Index(fields=["fact", "province", "month"]),
        ]

    def __str__(self) -> str:
        return f"{self.fact} {self.month} {self.province_id}"


class Refresh(models.Model):
    """When each fact was last computed, and how: the incremental run's watermark."""

    fact = models.CharField(_("fact"), max_length=64, unique=True)
    started_at = models.DateTimeField(_("started"))  # rows changed after this are picked up next
    finished_at = models.DateTimeField(_("finished"))
    full = models.BooleanField(_("full"))
    months = models.PositiveIntegerField(_("months recomputed"))
    cells = models.PositiveIntegerField(_("cells written"))

    class Meta:
        verbose_name = _("aggregate refresh")
        verbose_name_plural = _("aggregate refreshes")

    def __str__(self) -> str:
        return self.fact


class Generation(models.Model):
    """The refresh generation: one row, bumped by every refresh of a fact (in the refresh's own
    transaction, so a page that reads the new generation reads the new cells). Dashboards cache
    their rendered figures under it (`pagecache.py`): a refresh makes every cached page stale
    at once, with no list of keys to delete. `token` is new at every bump (a counter alone would
    repeat after a restore or a rolled-back transaction and serve another run's figures)."""

    number = models.BigIntegerField(_("generation"), default=0)
    token = models.CharField(_("token"), max_length=32)
    bumped_at = models.DateTimeField(_("bumped at"))

    class Meta:
        verbose_name = _("refresh generation")
        verbose_name_plural = _("refresh generations")

    def __str__(self) -> str:
        return str(self.number)
