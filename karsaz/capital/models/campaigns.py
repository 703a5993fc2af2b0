"""Crowdfunding: a campaign on a licensed platform, pledges held in escrow on the finance
ledger, holdings after a successful close, and the firm's reports after the raise."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from karsaz.capital.choices import (
    CampaignState,
    Instrument,
    PledgeState,
    ReportStatus,
    WarningKind,
)
from karsaz.capital.models.readiness import RuleSet
from karsaz.core.money import RialField, rial_check
from karsaz.core.textlimits import COMMENT_MAX, TEXT_MAX


class Campaign(models.Model):
    """A call for funds. Approved by the platform before it opens; once open, target and dates
    are frozen. All or nothing: at the close the escrow goes to the firm or back to everyone."""

    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, related_name="capital_campaigns"
    )
    platform = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, related_name="hosted_campaigns"
    )
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="campaigns")
    title = models.CharField(_("title"), max_length=255)
    instrument = models.CharField(_("instrument"), max_length=8, choices=Instrument.choices)
    terms = models.TextField(_("terms"), max_length=TEXT_MAX)
    use_of_funds = models.TextField(_("use of funds"), max_length=TEXT_MAX)
    target = RialField(_("target"))
    minimum_pledge = RialField(_("smallest pledge"), default=0)
    own_contribution = RialField(_("the firm's own contribution"))
    fee_bp = models.PositiveSmallIntegerField(_("platform fee (basis points)"), default=0)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    state = models.CharField(
        _("state"), max_length=12, choices=CampaignState.choices, default=CampaignState.DRAFT
    )
    # Sum of held pledges, changed only under the campaign's row lock with the pledge itself.
    pledged = RialField(_("pledged"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opens_at", "-id"]
        verbose_name = _("crowdfunding campaign")
        verbose_name_plural = _("crowdfunding campaigns")
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="capital_dates"),
            models.CheckConstraint(condition=Q(target__gt=0), name="capital_target_positive"),
            models.CheckConstraint(
                condition=Q(pledged__lte=F("target")), name="capital_not_oversubscribed"
            ),
            models.CheckConstraint(condition=Q(fee_bp__lte=10_000), name="capital_fee_bp"),
            models.CheckConstraint(
                condition=~Q(enterprise=F("platform")), name="capital_platform_not_self"
            ),
            rial_check("capital_campaign_target_range", "target"),
            rial_check("capital_campaign_minimum_range", "minimum_pledge"),
            rial_check("capital_campaign_own_range", "own_contribution"),
            rial_check("capital_campaign_pledged_range", "pledged"),
        ]

    def __str__(self) -> str:
        return self.title


class Pledge(models.Model):
    """An investor's pledge: held in escrow on the ledger until the close settles or refunds it."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="pledges")
    investor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="capital_pledges"
    )
    amount = RialField(_("amount"))
    state = models.CharField(
        _("state"), max_length=10, choices=PledgeState.choices, default=PledgeState.PENDING
    )
    # The escrow entries on the finance ledger (a cross-module foreign key, declared in
    # pyproject's import contracts: capital posts to the shared ledger).
    hold_entry = models.ForeignKey(
        "finance.JournalEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    release_entry = models.ForeignKey(
        "finance.JournalEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="capital_pledge_positive"),
            rial_check("capital_pledge_amount_range", "amount"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.investor} · {self.amount}"


class InvestorYear(models.Model):
    """What one person has pledged in a Jalali year across all campaigns: the row locked to
    hold the yearly cap under concurrency."""

    investor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("Jalali year"))
    pledged = RialField(_("pledged"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["investor", "year"], name="capital_investor_year"),
            rial_check("capital_investor_year_range", "pledged"),
        ]

    def __str__(self) -> str:
        return f"{self.investor} · {self.year}"


class Holding(models.Model):
    """An investor's part of a campaign that closed successfully."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="holdings")
    investor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="capital_holdings"
    )
    amount = RialField(_("amount"))
    # Parts per million of the raise, so shares add up exactly.
    share_ppm = models.PositiveIntegerField(_("share (ppm)"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["campaign", "-amount"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "investor"], name="capital_holding_once"),
            models.CheckConstraint(condition=Q(share_ppm__lte=1_000_000), name="capital_ppm"),
            rial_check("capital_holding_amount_range", "amount"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.investor}"


class PeriodicReport(models.Model):
    """A report the firm owes its investors after the raise."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reports")
    period = models.CharField(_("period"), max_length=16)
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=8, choices=ReportStatus.choices, default=ReportStatus.DUE
    )
    body = models.TextField(_("report"), max_length=TEXT_MAX, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["campaign", "due_on"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "period"], name="capital_report_once"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.period}"


class CampaignWarning(models.Model):
    """A warning to the platform and the agency: an overdue report, a repayment delay on the
    finance module, a clinic flag. Resolved, never deleted."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="warnings")
    kind = models.CharField(_("kind"), max_length=24, choices=WarningKind.choices)
    detail = models.CharField(_("detail"), max_length=COMMENT_MAX)
    # What the warning is about, stable while the cause lasts (e.g. the weak clinic areas): a
    # warning resolved for a cause is not raised again for the same cause.
    cause = models.CharField(_("cause"), max_length=120, blank=True, default="")
    raised_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "kind"],
                condition=Q(resolved_at__isnull=True),
                name="capital_warning_open_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.kind}"
