from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountPurpose(models.TextChoices):
    SUPPLIER_RECEIVABLE = "supplier_receivable", _("Supplier receivable")
    SUPPLIER_CASH = "supplier_cash", _("Supplier cash received")
    BUYER_PAYABLE = "buyer_payable", _("Buyer payable")
    BUYER_PENALTY = "buyer_penalty", _("Buyer penalty payable")
    FINANCIER_FUNDS = "financier_funds", _("Financier funds")
    FINANCIER_RECEIVABLE = "financier_receivable", _("Financier purchased receivables")
    FINANCIER_PENALTY = "financier_penalty", _("Financier penalty receivable")
    PLATFORM_FEES = "platform_fees", _("Platform fees")
    BANK_CLEARING = "bank_clearing", _("Bank clearing")
    # Crowdfunding (karsaz.capital): the firm's campaign escrow, what a successful raise pays the
    # firm, and the licensed platform operator's fee (the platform is an enterprise).
    CAMPAIGN_ESCROW = "campaign_escrow", _("Campaign escrow")
    RAISE_PROCEEDS = "raise_proceeds", _("Crowdfunding proceeds")
    CAMPAIGN_FEES = "campaign_fees", _("Crowdfunding platform fees")
    # The platform operator's clearing account at its licensed payment channel: pledges come in
    # here, one account per platform, so pledges to different platforms never share a row lock.
    PLEDGE_CLEARING = "pledge_clearing", _("Crowdfunding pledge clearing")


# Purposes owned by the platform itself (no enterprise).
PLATFORM_PURPOSES = (AccountPurpose.PLATFORM_FEES, AccountPurpose.BANK_CLEARING)


class EntryPhase(models.TextChoices):
    """TigerBeetle's two-phase transfers: a pending entry is later posted or voided, once."""

    POSTED = "posted", _("Posted")
    PENDING = "pending", _("Pending")
    POST_PENDING = "post_pending", _("Posts a pending entry")
    VOID_PENDING = "void_pending", _("Voids a pending entry")


class EntryKind(models.TextChoices):
    SUBMISSION = "submission", _("Invoice submitted")
    CREDIT_NOTE = "credit_note", _("Credit note")
    MAKER_APPROVAL = "maker_approval", _("First approval")
    ACCEPTANCE = "acceptance", _("Acceptance")
    REJECTION = "rejection", _("Rejection")
    EXPIRY = "expiry", _("Acceptance window expired")
    FINANCING_REQUEST = "financing_request", _("Financing requested")
    BID_TAKEN = "bid_taken", _("Bid taken")
    DISBURSEMENT = "disbursement", _("Disbursement")
    REPAYMENT = "repayment", _("Repayment")
    OVERDUE = "overdue", _("Overdue: buyer default")
    PENALTY = "penalty", _("Penalty accrued")
    CANCELLATION = "cancellation", _("Cancellation")
    REVERSAL = "reversal", _("Reversal")
    TRANSFER = "transfer", _("Transfer")
    PLEDGE = "pledge", _("Crowdfunding pledge")
    PLEDGE_CANCELLATION = "pledge_cancellation", _("Crowdfunding pledge cancelled")
    PLEDGE_REFUND = "pledge_refund", _("Crowdfunding pledge refunded")
    RAISE_RELEASE = "raise_release", _("Crowdfunding raise released")


class InvoiceState(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting buyer")
    MAKER_APPROVED = "maker_approved", _("Awaiting second approver")
    ACCEPTED = "accepted", _("Accepted")
    AUCTION = "auction", _("In auction")
    TAKEN = "taken", _("Bid taken, disbursing")
    FINANCED = "financed", _("Financed")
    OVERDUE = "overdue", _("Overdue")
    REPAID = "repaid", _("Repaid")
    REJECTED = "rejected", _("Rejected")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")


# The units awaiting the buyer's decision (its maker's, then its checker's).
AWAITING_BUYER = (InvoiceState.SUBMITTED, InvoiceState.MAKER_APPROVED)
# What a buyer owes, or will owe once the financier pays: its payables calendar.
PAYABLE = (InvoiceState.ACCEPTED, InvoiceState.TAKEN, InvoiceState.FINANCED, InvoiceState.OVERDUE)


# The state machine: action -> (the states it may start from, the state it leads to). Services
# move along it under the invoice's row lock (services._state.move); FinanceScope.allowed_actions
# derives the buttons a user sees from it.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "approve_maker": (frozenset({InvoiceState.SUBMITTED}), InvoiceState.MAKER_APPROVED),
    "accept": (frozenset({InvoiceState.MAKER_APPROVED}), InvoiceState.ACCEPTED),
    "reject": (
        frozenset({InvoiceState.SUBMITTED, InvoiceState.MAKER_APPROVED}),
        InvoiceState.REJECTED,
    ),
    "expire": (
        frozenset({InvoiceState.SUBMITTED, InvoiceState.MAKER_APPROVED}),
        InvoiceState.EXPIRED,
    ),
    "request_financing": (frozenset({InvoiceState.ACCEPTED}), InvoiceState.AUCTION),
    "close_without_bids": (frozenset({InvoiceState.AUCTION}), InvoiceState.ACCEPTED),
    "take": (frozenset({InvoiceState.AUCTION}), InvoiceState.TAKEN),
    "disbursement_posted": (frozenset({InvoiceState.TAKEN}), InvoiceState.FINANCED),
    "disbursement_voided": (frozenset({InvoiceState.TAKEN}), InvoiceState.ACCEPTED),
    "mark_overdue": (frozenset({InvoiceState.FINANCED}), InvoiceState.OVERDUE),
    "repaid": (frozenset({InvoiceState.FINANCED, InvoiceState.OVERDUE}), InvoiceState.REPAID),
    "cancel": (
        frozenset(
            {
                InvoiceState.SUBMITTED,
                InvoiceState.MAKER_APPROVED,
                InvoiceState.ACCEPTED,
                InvoiceState.AUCTION,
            }
        ),
        InvoiceState.CANCELLED,
    ),
}


class BidState(models.TextChoices):
    ACTIVE = "active", _("Active")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


class SettlementKind(models.TextChoices):
    DISBURSEMENT = "disbursement", _("Disbursement")
    REPAYMENT = "repayment", _("Repayment")


class SettlementPhase(models.TextChoices):
    PENDING = "pending", _("Pending")
    POSTED = "posted", _("Posted")
    VOIDED = "voided", _("Voided")


class LimitKind(models.TextChoices):
    BUYER = "buyer", _("Programme limit on the buyer")
    SUPPLIER = "supplier", _("Limit per supplier")
    FINANCIER = "financier", _("Financier's limit on the buyer")
    PAIR = "pair", _("Financier's limit on a buyer-supplier pair")
