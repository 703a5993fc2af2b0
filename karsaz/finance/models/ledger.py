"""The ledger: accounts, journal entries and their postings. Append-only: postings are never
updated or deleted (refused here, and by database triggers), corrections are reversing entries.
"""

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from karsaz.core.money import MAX_BALANCE, RialField, rial_check
from karsaz.finance.choices import (
    AccountPurpose,
    EntryKind,
    EntryPhase,
)
from karsaz.registry.models import Enterprise


class ImmutableError(RuntimeError):
    pass


def _immutable(*args: Any, **kwargs: Any) -> NoReturn:
    raise ImmutableError("ledger history is append-only; post a reversing entry instead")


class AppendOnlyQuerySet(models.QuerySet):
    update = _immutable
    delete = _immutable


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
