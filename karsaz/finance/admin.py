"""Read-only admin for the ledger: history is never edited, not even by superusers."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from karsaz.finance.models import (
    Account,
    Invoice,
    JournalEntry,
    Limit,
    Posting,
    Programme,
    Settlement,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PostingInline(admin.TabularInline):
    model = Posting
    extra = 0
    can_delete = False
    readonly_fields = ["account", "amount", "pending"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(JournalEntry)
class JournalEntryAdmin(ReadOnly):
    list_display = ["id", "kind", "phase", "invoice", "created_at"]
    list_filter = ["kind", "phase"]
    inlines = [PostingInline]


@admin.register(Account)
class AccountAdmin(ReadOnly):
    list_display = ["id", "enterprise", "purpose", "posted_balance", "pending_balance"]
    list_filter = ["purpose"]


@admin.register(Invoice)
class InvoiceAdmin(ReadOnly):
    list_display = ["id", "number", "supplier", "buyer", "amount", "state", "due_date"]
    list_filter = ["state", "programme"]
    search_fields = ["number", "number_key", "tax_id"]


@admin.register(Settlement)
class SettlementAdmin(ReadOnly):
    list_display = ["id", "invoice", "kind", "phase", "amount"]
    list_filter = ["kind", "phase"]


@admin.register(Programme)
class ProgrammeAdmin(ReadOnly):
    list_display = ["id", "name_fa", "buyer", "active"]


@admin.register(Limit)
class LimitAdmin(ReadOnly):
    list_display = ["id", "programme", "kind", "financier", "supplier", "cap", "used"]
