"""Programmes, their suppliers and financiers, and the limits on outstanding financed value."""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from karsaz.core.money import RialField, rial_check
from karsaz.finance.choices import (
    LimitKind,
)
from karsaz.registry.models import Enterprise


class Programme(models.Model):
    """An anchor buyer's supply-chain finance programme: its rules, suppliers and financiers."""

    name_fa = models.CharField(_("Persian name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    buyer = models.ForeignKey(
        Enterprise, verbose_name=_("anchor buyer"), on_delete=models.PROTECT, related_name="+"
    )
    min_tenor_days = models.PositiveIntegerField(_("minimum tenor (days)"), default=15)
    max_tenor_days = models.PositiveIntegerField(_("maximum tenor (days)"), default=180)
    acceptance_window_days = models.PositiveIntegerField(_("acceptance window (days)"), default=10)
    auction_window_hours = models.PositiveIntegerField(_("auction window (hours)"), default=48)
    max_rate_bp = models.PositiveIntegerField(_("rate cap (basis points a year)"), default=3600)
    fee_bp = models.PositiveIntegerField(_("platform fee (basis points)"), default=20)
    penalty_rate_bp = models.PositiveIntegerField(
        _("overdue penalty (basis points a year)"), default=3000
    )
    auto_take_best = models.BooleanField(_("take the best bid automatically"), default=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                name="finance_programme_tenor_order",
                condition=Q(min_tenor_days__lte=F("max_tenor_days")),
            ),
            models.CheckConstraint(
                name="finance_programme_rate_cap", condition=Q(max_rate_bp__lte=100_000)
            ),
        ]

    def __str__(self) -> str:
        return self.name_fa


class ProgrammeSupplier(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE)
    supplier = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="+")
    onboarded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "supplier"], name="finance_programme_supplier_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}:{self.supplier_id}"


class ProgrammeFinancier(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE)
    financier = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="+")
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "financier"], name="finance_programme_financier_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}:{self.financier_id}"


class Limit(models.Model):
    """A cap on outstanding financed face value; `used` is reserved when a bid is taken."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="limits")
    kind = models.CharField(_("kind"), max_length=10, choices=LimitKind.choices)
    financier = models.ForeignKey(
        Enterprise, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    supplier = models.ForeignKey(
        Enterprise, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cap = RialField(_("cap (rials)"))
    used = RialField(_("reserved (rials)"), default=0)

    class Meta:
        verbose_name = _("limit")
        verbose_name_plural = _("limits")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(name="finance_limit_cap_nonneg", condition=Q(cap__gte=0)),
            rial_check("finance_limit_cap_range", "cap"),
            # Limits are never exceeded: the database refuses it even if a service erred.
            models.CheckConstraint(
                name="finance_limit_within_cap", condition=Q(used__gte=0, used__lte=F("cap"))
            ),
            models.CheckConstraint(
                name="finance_limit_keys_match_kind",
                condition=(
                    Q(kind=LimitKind.BUYER, financier__isnull=True, supplier__isnull=True)
                    | Q(kind=LimitKind.SUPPLIER, financier__isnull=True, supplier__isnull=False)
                    | Q(kind=LimitKind.FINANCIER, financier__isnull=False, supplier__isnull=True)
                    | Q(kind=LimitKind.PAIR, financier__isnull=False, supplier__isnull=False)
                ),
            ),
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(kind=LimitKind.BUYER),
                name="finance_limit_unique_buyer",
            ),
            models.UniqueConstraint(
                fields=["programme", "supplier"],
                condition=Q(kind=LimitKind.SUPPLIER),
                name="finance_limit_unique_supplier",
            ),
            models.UniqueConstraint(
                fields=["programme", "financier"],
                condition=Q(kind=LimitKind.FINANCIER),
                name="finance_limit_unique_financier",
            ),
            models.UniqueConstraint(
                fields=["programme", "financier", "supplier"],
                condition=Q(kind=LimitKind.PAIR),
                name="finance_limit_unique_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.used}/{self.cap}"

    @property
    def available(self) -> int:
        return self.cap - self.used
