"""Readiness: market rule sets as versioned data, the firm's declaration and statements, and
assessments that keep the rule-set version they used."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from karsaz.capital.choices import (
    AuditOpinion,
    CriterionKind,
    EvidenceSource,
    GapStatus,
    Market,
    Outcome,
)
from karsaz.core.money import RialField, rial_check
from karsaz.core.textlimits import COMMENT_MAX

# Jalali fiscal years a statement may carry.
FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR = 1350, 1499


class RuleSet(models.Model):
    """One version of a market's admission criteria. Once an assessment has used it, it is
    frozen: staff publish a new version instead (the admin copies it)."""

    market = models.CharField(_("market"), max_length=16, choices=Market.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    title_fa = models.CharField(_("Persian title"), max_length=128)
    title_en = models.CharField(_("English title"), max_length=128)
    source = models.CharField(_("source"), max_length=255, blank=True)
    active = models.BooleanField(_("in force"), default=True)
    # Crowdfunding parameters (the 1397 directive); empty for the listing markets.
    own_contribution_min_pct = models.PositiveSmallIntegerField(
        _("minimum own contribution (%)"), null=True, blank=True
    )
    campaign_max_days = models.PositiveSmallIntegerField(
        _("longest call (days)"), null=True, blank=True
    )
    person_share_max_pct = models.PositiveSmallIntegerField(
        _("largest share of one person (%)"), null=True, blank=True
    )
    person_annual_cap = RialField(_("one person's yearly cap"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["market", "-version"]
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        constraints = [
            models.UniqueConstraint(fields=["market", "version"], name="capital_ruleset_version"),
            models.CheckConstraint(
                condition=Q(own_contribution_min_pct__lte=100) & Q(person_share_max_pct__lte=100),
                name="capital_ruleset_percentages",
            ),
            rial_check("capital_ruleset_annual_cap_range", "person_annual_cap", nullable=True),
        ]

    def __str__(self) -> str:
        return f"{self.get_market_display()} v{self.version}"


class Criterion(models.Model):
    """One rule: the fact `key` compared with `threshold` as `kind` says."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="criteria")
    key = models.CharField(_("fact"), max_length=32)
    kind = models.CharField(_("test"), max_length=8, choices=CriterionKind.choices)
    threshold = models.BigIntegerField(_("threshold"), null=True, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_fa = models.CharField(_("Persian title"), max_length=255)
    title_en = models.CharField(_("English title"), max_length=255)
    advice_fa = models.CharField(_("Persian advice"), max_length=COMMENT_MAX, blank=True)
    advice_en = models.CharField(_("English advice"), max_length=COMMENT_MAX, blank=True)

    class Meta:
        ordering = ["rule_set", "order", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "key"], name="capital_criterion_key"),
            models.CheckConstraint(
                condition=Q(kind=CriterionKind.TRUE) | Q(threshold__isnull=False),
                name="capital_criterion_threshold",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_set} · {self.key}"


class CapitalProfile(models.Model):
    """What the firm declares about itself; an empty answer is "unknown", never "no"."""

    enterprise = models.OneToOneField(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="capital_profile"
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    registered_capital = RialField(_("registered capital"), null=True, blank=True)
    shareholders = models.PositiveIntegerField(_("shareholders"), null=True, blank=True)
    float_pct = models.PositiveSmallIntegerField(_("free float (%)"), null=True, blank=True)
    independent_director = models.BooleanField(_("independent director"), null=True, blank=True)
    audit_committee = models.BooleanField(_("audit committee"), null=True, blank=True)
    internal_controls = models.BooleanField(_("internal controls"), null=True, blank=True)
    ir_officer = models.BooleanField(_("investor-relations officer"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("capital profile")
        verbose_name_plural = _("capital profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(float_pct__isnull=True) | Q(float_pct__lte=100),
                name="capital_profile_float",
            ),
            rial_check("capital_profile_capital_range", "registered_capital", nullable=True),
        ]

    def __str__(self) -> str:
        return str(self.enterprise)


class FinancialStatement(models.Model):
    """One Jalali fiscal year's figures, entered by the firm and confirmed by its adviser."""

    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="financial_statements"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    revenue = RialField(_("revenue"))
    operating_profit = RialField(_("operating profit"), signed=True)
    net_profit = RialField(_("net profit"), signed=True)
    equity = RialField(_("equity"), signed=True)
    total_assets = RialField(_("total assets"))
    retained_earnings = RialField(_("retained earnings"), signed=True, default=0)
    audit_opinion = models.CharField(
        _("audit opinion"), max_length=12, choices=AuditOpinion.choices
    )
    auditor = models.CharField(_("auditor"), max_length=128, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        ordering = ["enterprise", "-fiscal_year"]
        verbose_name = _("financial statement")
        verbose_name_plural = _("financial statements")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "fiscal_year"], name="capital_statement_year"
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=FIRST_FISCAL_YEAR)
                & Q(fiscal_year__lte=LAST_FISCAL_YEAR),
                name="capital_statement_year_range",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(confirmed_by__isnull=False),
                name="capital_statement_confirmed_by",
            ),
            rial_check("capital_statement_revenue_range", "revenue"),
            rial_check("capital_statement_op_range", "operating_profit", signed=True),
            rial_check("capital_statement_net_range", "net_profit", signed=True),
            rial_check("capital_statement_equity_range", "equity", signed=True),
            rial_check("capital_statement_assets_range", "total_assets"),
            rial_check("capital_statement_retained_range", "retained_earnings", signed=True),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.fiscal_year}"


class Assessment(models.Model):
    """One firm assessed against every market in force, with the facts it read."""

    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="capital_assessments"
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField(_("assessed"), default=timezone.now, db_index=True)
    # {fact key: {"value": ..., "source": EvidenceSource, "evidence": str, "confirmed": bool}}
    facts = models.JSONField(_("facts"), default=dict)

    class Meta:
        ordering = ["-made_at", "-id"]
        verbose_name = _("readiness assessment")
        verbose_name_plural = _("readiness assessments")

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.made_at:%Y-%m-%d}"


class MarketResult(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="markets")
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="results")
    score = models.PositiveSmallIntegerField(_("score (%)"))
    met = models.PositiveSmallIntegerField(_("criteria met"))
    unknown = models.PositiveSmallIntegerField(_("criteria unknown"))
    total = models.PositiveSmallIntegerField(_("criteria"))

    class Meta:
        ordering = ["assessment", "rule_set__market"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "rule_set"], name="capital_result_market_once"
            ),
            models.CheckConstraint(condition=Q(score__lte=100), name="capital_result_score"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.rule_set}: {self.score}"


class CriterionResult(models.Model):
    market_result = models.ForeignKey(
        MarketResult, on_delete=models.CASCADE, related_name="criteria"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    value = models.CharField(_("value"), max_length=64, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=EvidenceSource.choices)
    evidence = models.CharField(_("evidence"), max_length=255, blank=True)
    confirmed = models.BooleanField(_("confirmed"), default=False)

    class Meta:
        ordering = ["market_result", "criterion__order", "id"]

    def __str__(self) -> str:
        return f"{self.criterion.key}: {self.outcome}"


class Gap(models.Model):
    """A criterion the firm does not meet (or cannot show), tracked until an assessment meets it."""

    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="capital_gaps"
    )
    market = models.CharField(_("market"), max_length=16, choices=Market.choices)
    key = models.CharField(_("fact"), max_length=32)
    status = models.CharField(
        _("status"), max_length=8, choices=GapStatus.choices, default=GapStatus.OPEN
    )
    opened_by = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="gaps_opened")
    closed_by = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="gaps_closed"
    )
    # The clinics module's referral (reached through a hook, so no foreign key across modules).
    clinic_referral_id = models.PositiveBigIntegerField(null=True, blank=True)
    referred_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["enterprise", "market", "key"]
        verbose_name = _("readiness gap")
        verbose_name_plural = _("readiness gaps")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "market", "key"],
                condition=~Q(status=GapStatus.CLOSED),
                name="capital_gap_open_once",
            ),
            models.CheckConstraint(
                condition=(Q(status=GapStatus.CLOSED) & Q(closed_at__isnull=False))
                | (~Q(status=GapStatus.CLOSED) & Q(closed_at__isnull=True)),
                name="capital_gap_closed_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.market} · {self.key}"
