"""Invoices (units), their credit notes, bids and auto-bid rules, settlements, and idempotency
records."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from karsaz.core.money import RialField, rial_check
from karsaz.finance.choices import (
    AWAITING_BUYER,
    BidState,
    InvoiceState,
    SettlementKind,
    SettlementPhase,
)
from karsaz.finance.models.ledger import JournalEntry
from karsaz.finance.models.programmes import Programme
from karsaz.registry.models import Enterprise


class Invoice(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="invoices"
    )
    supplier = models.ForeignKey(
        Enterprise, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="+"
    )
    buyer = models.ForeignKey(
        Enterprise, verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("invoice number"), max_length=64)
    # The number as typed, folded (digits, case, Persian letters) and without separators.
    number_key = models.CharField(max_length=64, editable=False)
    tax_id = models.CharField(
        _("tax e-invoice ID"), max_length=32, null=True, blank=True, default=None
    )
    issue_date = models.DateField(_("issue date"))
    due_date = models.DateField(_("due date"))
    amount = RialField(_("amount (rials)"))
    credit_total = RialField(_("credit notes (rials)"), default=0)
    description = models.CharField(_("description"), max_length=255, blank=True)
    document = models.FileField(_("document"), upload_to="finance/invoices/", blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=InvoiceState.choices, default=InvoiceState.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    maker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    auction_closes_at = models.DateTimeField(_("auction closes"), null=True, blank=True)
    financier = models.ForeignKey(
        Enterprise,
        verbose_name=_("financier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rate_bp = models.PositiveIntegerField(_("rate (bp a year)"), null=True, blank=True)
    financed_on = models.DateField(_("financed on"), null=True, blank=True)
    discount = RialField(_("discount"), default=0)
    fee = RialField(_("platform fee"), default=0)
    principal_repaid = RialField(_("principal repaid"), default=0)
    penalty_accrued = RialField(_("penalty accrued"), default=0)
    penalty_paid = RialField(_("penalty paid"), default=0)
    penalty_through = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["state", "due_date"]),
            models.Index(fields=["programme", "state"]),
            # A financier's maturities and overdue units, by due date (its desk at 200,000 units).
            models.Index(fields=["financier", "state", "due_date"], name="finance_inv_fin_due"),
            # A buyer's payables calendar, grouped by due date in that order (its desk and home).
            models.Index(fields=["buyer", "due_date"], name="finance_inv_buy_due"),
            # The units awaiting a buyer's decision, oldest submission first (its desk and home).
            models.Index(
                fields=["buyer", "submitted_at", "id"],
                condition=Q(state__in=AWAITING_BUYER),
                name="finance_inv_awaiting",
            ),
        ]
        constraints = [
            # The same invoice exists once on the whole platform, however its number is spelt.
            models.UniqueConstraint(
                fields=["supplier", "buyer", "number_key", "issue_date"],
                name="finance_invoice_unique_across_platform",
            ),
            models.UniqueConstraint(
                fields=["tax_id"],
                condition=Q(tax_id__isnull=False),
                name="finance_invoice_unique_tax_id",
            ),
            models.CheckConstraint(name="finance_invoice_amount_pos", condition=Q(amount__gt=0)),
            *(
                rial_check(f"finance_invoice_{field}_range", field)
                for field in (
                    "amount",
                    "credit_total",
                    "discount",
                    "fee",
                    "principal_repaid",
                    "penalty_accrued",
                    "penalty_paid",
                )
            ),
            models.CheckConstraint(
                name="finance_invoice_credit_range",
                condition=Q(credit_total__gte=0, credit_total__lt=F("amount")),
            ),
            models.CheckConstraint(
                name="finance_invoice_due_after_issue", condition=Q(due_date__gt=F("issue_date"))
            ),
            models.CheckConstraint(
                name="finance_invoice_not_self", condition=~Q(supplier=F("buyer"))
            ),
            models.CheckConstraint(
                name="finance_invoice_money_nonneg",
                condition=Q(
                    discount__gte=0,
                    fee__gte=0,
                    principal_repaid__gte=0,
                    penalty_accrued__gte=0,
                    penalty_paid__gte=0,
                    penalty_paid__lte=F("penalty_accrued"),
                ),
            ),
            models.CheckConstraint(
                name="finance_invoice_repaid_le_net",
                condition=Q(principal_repaid__lte=F("amount") - F("credit_total")),
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def net_amount(self) -> int:
        return self.amount - self.credit_total

    @property
    def to_supplier(self) -> int:
        return self.net_amount - self.discount - self.fee

    @property
    def outstanding_principal(self) -> int:
        return self.net_amount - self.principal_repaid

    @property
    def outstanding_penalty(self) -> int:
        return self.penalty_accrued - self.penalty_paid


class CreditNote(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="credit_notes")
    number = models.CharField(_("credit note number"), max_length=64)
    amount = RialField(_("amount (rials)"))
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(name="finance_credit_note_pos", condition=Q(amount__gt=0)),
            rial_check("finance_credit_note_amount_range", "amount"),
            models.UniqueConstraint(
                fields=["invoice", "number"], name="finance_credit_note_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Bid(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="bids")
    financier = models.ForeignKey(
        Enterprise, verbose_name=_("financier"), on_delete=models.PROTECT, related_name="+"
    )
    rate_bp = models.PositiveIntegerField(_("rate (bp a year)"))
    state = models.CharField(
        _("state"), max_length=10, choices=BidState.choices, default=BidState.ACTIVE
    )
    auto = models.BooleanField(_("auto-bid"), default=False)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["rate_bp", "created_at", "id"]
        constraints = [
            models.CheckConstraint(name="finance_bid_rate_pos", condition=Q(rate_bp__gt=0)),
            models.UniqueConstraint(
                fields=["invoice", "financier"],
                condition=Q(state=BidState.ACTIVE),
                name="finance_bid_one_active_per_financier",
            ),
            models.UniqueConstraint(
                fields=["invoice"],
                condition=Q(state=BidState.WON),
                name="finance_bid_one_winner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invoice_id}@{self.rate_bp}"


class AutoBidRule(models.Model):
    """A financier's standing offer: bid this rate on every unit of the programme up to a size."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="auto_bids")
    financier = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="+")
    rate_bp = models.PositiveIntegerField(_("rate (bp a year)"))
    max_amount = RialField(_("largest unit (rials)"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        constraints = [
            models.CheckConstraint(name="finance_autobid_rate_pos", condition=Q(rate_bp__gt=0)),
            models.CheckConstraint(
                name="finance_autobid_amount_pos", condition=Q(max_amount__gt=0)
            ),
            rial_check("finance_autobid_max_amount_range", "max_amount"),
            models.UniqueConstraint(
                fields=["programme", "financier"], name="finance_autobid_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.financier_id}@{self.rate_bp}"


class Settlement(models.Model):
    """Two-phase cash: pending until the bank confirms (posted) or bounces (voided)."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="settlements")
    kind = models.CharField(_("kind"), max_length=12, choices=SettlementKind.choices)
    phase = models.CharField(
        _("phase"), max_length=8, choices=SettlementPhase.choices, default=SettlementPhase.PENDING
    )
    amount = RialField(_("amount (rials)"))
    principal_part = RialField(default=0)
    penalty_part = RialField(default=0)
    pending_entry = models.OneToOneField(
        JournalEntry, on_delete=models.PROTECT, related_name="settlement"
    )
    resolution_entry = models.OneToOneField(
        JournalEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    bank_reference = models.CharField(_("bank reference"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        # Transfers to confirm, newest first: few pending among every settlement ever made.
        indexes = [
            models.Index(
                fields=["-id"],
                condition=Q(phase=SettlementPhase.PENDING),
                name="finance_settlement_pending",
            )
        ]
        constraints = [
            models.CheckConstraint(name="finance_settlement_pos", condition=Q(amount__gt=0)),
            *(
                rial_check(f"finance_settlement_{field}_range", field)
                for field in ("amount", "principal_part", "penalty_part")
            ),
            models.CheckConstraint(
                name="finance_settlement_parts",
                condition=Q(
                    principal_part__gte=0,
                    penalty_part__gte=0,
                ),
            ),
            # No unit is financed twice: one live disbursement per invoice.
            models.UniqueConstraint(
                fields=["invoice"],
                condition=Q(kind=SettlementKind.DISBURSEMENT)
                & Q(phase__in=[SettlementPhase.PENDING, SettlementPhase.POSTED]),
                name="finance_settlement_one_live_disbursement",
            ),
            models.UniqueConstraint(
                fields=["invoice"],
                condition=Q(kind=SettlementKind.REPAYMENT, phase=SettlementPhase.PENDING),
                name="finance_settlement_one_pending_repayment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class IdempotencyRecord(models.Model):
    """The first result of a money-moving API call, replayed for every repeat of its key."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=120)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(default=0)
    response = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="finance_idempotency_unique")
        ]

    def __str__(self) -> str:
        return self.key
