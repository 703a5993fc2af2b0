"""Supply-chain finance: programmes, limits, invoices, bids, settlements, and the ledger.

The ledger (Account, JournalEntry, Posting) is append-only: postings are never updated or
deleted (refused here, and by database triggers), corrections are reversing entries.
"""

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from karsaz.core.money import MAX_BALANCE, RialField, rial_check
from karsaz.finance.choices import (
    AccountPurpose,
    BidState,
    EntryKind,
    EntryPhase,
    InvoiceState,
    LimitKind,
    SettlementKind,
    SettlementPhase,
)
from karsaz.registry.models import Enterprise


class ImmutableError(RuntimeError):
    pass


def _immutable(*args: Any, **kwargs: Any) -> NoReturn:
    raise ImmutableError("ledger history is append-only; post a reversing entry instead")


class AppendOnlyQuerySet(models.QuerySet):
    update = _immutable
    delete = _immutable


# ---------------------------------------------------------------- ledger


class Account(models.Model):
    """One bucket of money: a party (or the platform) and a purpose. Debits are positive."""

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("party"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="finance_accounts",
    )
    purpose = models.CharField(_("purpose"), max_length=24, choices=AccountPurpose.choices)
    # Cached sums of this account's postings, changed only under a row lock in the same
    # transaction as the postings; verify_ledger recomputes them.
    # Bounded by MAX_BALANCE so adding one more posting can never leave 64-bit integers.
    posted_balance = RialField(_("posted balance"), default=0, signed=True, bound=MAX_BALANCE)
    pending_balance = RialField(_("pending balance"), default=0, signed=True, bound=MAX_BALANCE)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("ledger account")
        verbose_name_plural = _("ledger accounts")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "purpose"],
                condition=Q(enterprise__isnull=False),
                name="finance_account_unique_party_purpose",
            ),
            models.UniqueConstraint(
                fields=["purpose"],
                condition=Q(enterprise__isnull=True),
                name="finance_account_unique_platform_purpose",
            ),
            rial_check(
                "finance_account_posted_range", "posted_balance", signed=True, bound=MAX_BALANCE
            ),
            rial_check(
                "finance_account_pending_range", "pending_balance", signed=True, bound=MAX_BALANCE
            ),
        ]

    def __str__(self) -> str:
        owner = self.enterprise.name_fa if self.enterprise_id and self.enterprise else "Karsaz"
        return f"{owner} · {self.get_purpose_display()}"


class JournalEntry(models.Model):
    """One state change. Its postings sum to zero (checked by the service and the database)."""

    idempotency_key = models.CharField(_("idempotency key"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    phase = models.CharField(
        _("phase"), max_length=12, choices=EntryPhase.choices, default=EntryPhase.POSTED
    )
    # A post or void names the pending entry it resolves; one-to-one, so only once.
    resolves = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resolution",
    )
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversal"
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    invoice = models.ForeignKey(
        "Invoice", null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("posted at"), default=timezone.now, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                name="finance_entry_resolution_has_target",
                condition=(
                    Q(phase__in=[EntryPhase.POST_PENDING, EntryPhase.VOID_PENDING])
                    & Q(resolves__isnull=False)
                )
                | (Q(phase__in=[EntryPhase.POSTED, EntryPhase.PENDING]) & Q(resolves__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _immutable()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _immutable()


class Posting(models.Model):
    """One leg of an entry: a signed amount of whole rials on one account."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="postings")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="postings")
    amount = RialField(_("amount (rials)"), signed=True)
    pending = models.BooleanField(_("pending"), default=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        ordering = ["id"]
        indexes = [models.Index(fields=["account", "pending"])]
        constraints = [
            models.CheckConstraint(name="finance_posting_nonzero", condition=~Q(amount=0)),
            rial_check("finance_posting_amount_range", "amount", signed=True),
        ]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.amount}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _immutable()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _immutable()


# ---------------------------------------------------------------- programmes and limits


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


# ---------------------------------------------------------------- invoices


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
