from typing import Any

from rest_framework import serializers

from karsaz.core.fields import JalaliDateField, ModelSerializer
from karsaz.core.money import RialSerializerField
from karsaz.finance.models import (
    Account,
    Bid,
    CreditNote,
    Invoice,
    JournalEntry,
    Limit,
    Posting,
    Programme,
    Settlement,
)
from karsaz.finance.permissions import PRICE_FIELDS, REPAYMENT_FIELDS, FinanceScope


class ProgrammeSerializer(ModelSerializer):
    buyer_name = serializers.CharField(source="buyer.name_fa", read_only=True)

    class Meta:
        model = Programme
        fields = [
            "id", "name_fa", "name_en", "buyer", "buyer_name", "min_tenor_days", "max_tenor_days",
            "acceptance_window_days", "auction_window_hours", "max_rate_bp", "fee_bp",
            "penalty_rate_bp", "auto_take_best", "active",
        ]  # fmt: skip


class CreditNoteSerializer(ModelSerializer):
    class Meta:
        model = CreditNote
        fields = ["id", "number", "amount", "reason", "created_at"]


class InvoiceSerializer(ModelSerializer):
    net_amount = serializers.IntegerField(read_only=True)
    to_supplier = serializers.IntegerField(read_only=True)
    outstanding_principal = serializers.IntegerField(read_only=True)
    outstanding_penalty = serializers.IntegerField(read_only=True)
    credit_notes = CreditNoteSerializer(many=True, read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = Invoice
        fields = [
            "id", "programme", "supplier", "buyer", "number", "tax_id", "issue_date", "due_date",
            "amount", "credit_total", "net_amount", "description", "state", "state_label",
            "submitted_at", "accepted_at", "auction_closes_at", "financier", "rate_bp",
            "financed_on", "discount", "fee", "to_supplier", "principal_repaid",
            "penalty_accrued", "penalty_paid", "outstanding_principal", "outstanding_penalty",
            "credit_notes",
        ]  # fmt: skip
        read_only_fields = fields

    def to_representation(self, instance: Invoice) -> dict[str, Any]:
        """Leaves out the figures the caller may not read (FinanceScope.invoice_hidden): the
        buyer never gets the price, the supplier not the repayments; without a request, none."""
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None:
            hidden = PRICE_FIELDS | REPAYMENT_FIELDS
        else:
            # One scope (one memberships query) for every row of a list.
            scope = self.context.setdefault("finance_scope", FinanceScope(request.user))
            hidden = scope.invoice_hidden(instance)
        for name in hidden:
            data.pop(name, None)
        return data


class CreditNoteInput(serializers.Serializer):
    number = serializers.CharField(max_length=64)
    amount = RialSerializerField()
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True)


class InvoiceInput(serializers.Serializer):
    programme = serializers.IntegerField()
    supplier = serializers.IntegerField(required=False)
    number = serializers.CharField(max_length=64)
    tax_id = serializers.CharField(max_length=32, required=False, allow_blank=True)
    issue_date = JalaliDateField()
    due_date = JalaliDateField()
    amount = RialSerializerField()
    description = serializers.CharField(max_length=255, required=False, allow_blank=True)
    credit_notes = CreditNoteInput(many=True, required=False)


class BidSerializer(ModelSerializer):
    financier_name = serializers.CharField(source="financier.name_fa", read_only=True)

    class Meta:
        model = Bid
        fields = ["id", "invoice", "financier", "financier_name", "rate_bp", "state", "auto",
                  "created_at"]  # fmt: skip
        read_only_fields = fields


class BidInput(serializers.Serializer):
    rate_bp = serializers.IntegerField()
    financier = serializers.IntegerField(required=False)


class TakeInput(serializers.Serializer):
    bid = serializers.IntegerField(required=False)


class AmountInput(serializers.Serializer):
    amount = RialSerializerField()


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True)


class ConfirmInput(serializers.Serializer):
    bank_reference = serializers.CharField(max_length=64, required=False, allow_blank=True)


class SettlementSerializer(ModelSerializer):
    class Meta:
        model = Settlement
        fields = ["id", "invoice", "kind", "phase", "amount", "principal_part", "penalty_part",
                  "bank_reference", "created_at", "resolved_at"]  # fmt: skip
        read_only_fields = fields


class AccountSerializer(ModelSerializer):
    class Meta:
        model = Account
        fields = ["id", "enterprise", "purpose", "posted_balance", "pending_balance"]
        read_only_fields = fields


class PostingSerializer(ModelSerializer):
    class Meta:
        model = Posting
        fields = ["account", "amount", "pending"]


class EntrySerializer(ModelSerializer):
    postings = PostingSerializer(many=True, read_only=True)

    class Meta:
        model = JournalEntry
        fields = ["id", "kind", "phase", "resolves", "reverses", "reason", "invoice",
                  "created_at", "postings"]  # fmt: skip
        read_only_fields = fields


class LimitSerializer(ModelSerializer):
    available = serializers.IntegerField(read_only=True)

    class Meta:
        model = Limit
        fields = ["id", "programme", "kind", "financier", "supplier", "cap", "used", "available"]
        read_only_fields = fields


class LimitInput(serializers.Serializer):
    programme = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=["buyer", "supplier", "financier", "pair"])
    cap = RialSerializerField()
    financier = serializers.IntegerField(required=False)
    supplier = serializers.IntegerField(required=False)


class AutoBidInput(serializers.Serializer):
    rate_bp = serializers.IntegerField()
    max_amount = RialSerializerField()
    active = serializers.BooleanField(required=False, default=True)
    financier = serializers.IntegerField(required=False)


class ProgrammeInput(serializers.Serializer):
    buyer = serializers.IntegerField()
    name_fa = serializers.CharField(max_length=255)
    name_en = serializers.CharField(max_length=255, required=False, allow_blank=True)
    buyer_limit = RialSerializerField()
    min_tenor_days = serializers.IntegerField(required=False, min_value=0)
    max_tenor_days = serializers.IntegerField(required=False, min_value=1)
    acceptance_window_days = serializers.IntegerField(required=False, min_value=1)
    auction_window_hours = serializers.IntegerField(required=False, min_value=1)
    max_rate_bp = serializers.IntegerField(required=False, min_value=1)
    fee_bp = serializers.IntegerField(required=False, min_value=0)
    penalty_rate_bp = serializers.IntegerField(required=False, min_value=0)
    auto_take_best = serializers.BooleanField(required=False)


class MemberInput(serializers.Serializer):
    enterprise = serializers.IntegerField()
    limit = RialSerializerField()


class AgingBucketSerializer(serializers.Serializer):
    """One row of `/finance/reports/aging/`: open invoices by days past due."""

    bucket = serializers.ChoiceField(choices=["current", "1-30", "31-60", "61-90", "90+"])
    count = serializers.IntegerField()
    outstanding = serializers.IntegerField(help_text="rials")
    penalty = serializers.IntegerField(help_text="rials")
