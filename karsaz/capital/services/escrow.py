"""Crowdfunding's postings on the finance ledger (the only capital code that writes entries).

Accounts (sign: debit +, credit -):
- BANK_CLEARING (the platform's clearing account at the licensed payment channel): money in;
- CAMPAIGN_ESCROW (the firm's, one per firm): what investors have put in and the firm may not
  touch until a successful close;
- RAISE_PROCEEDS (the firm's): what a successful raise pays the firm;
- CAMPAIGN_FEES (the platform operator's): the platform's fee.

Entries, one per money movement, each keyed so it can never be posted twice:
- pledge:       Dr bank clearing  / Cr campaign escrow       (`capital:pledge:<uuid>`)
- cancellation: Dr campaign escrow / Cr bank clearing        (`capital:cancel:<pledge>`)
- refund:       Dr campaign escrow / Cr bank clearing        (`capital:refund:<pledge>`)
- release:      Dr campaign escrow (the raise) / Cr proceeds (raise - fee), Cr fees (fee)
                                                              (`capital:release:<campaign>`)
Cancellations and refunds are reversing entries (`reverses` = the pledge's entry).

Why a pledge is posted at once, not as a pending two-phase entry: Karsaz records a pledge only
when the licensed payment channel has confirmed the payment (the channel's callback is the
pledge; there is no "awaiting payment" pledge), so the money is already in the clearing account.
The hold that a pending entry would give is the escrow account itself: it is released only by
the close (to the firm) or by a cancellation/refund (back to the investor), each a final entry.

The fee is `raise * fee_bp // 10_000`: integer arithmetic, rounded down (a fraction of a rial
stays with the firm), so proceeds + fee == raise exactly.
"""

from typing import Any

from karsaz.capital.models import Campaign, Pledge
from karsaz.finance.choices import AccountPurpose, EntryKind
from karsaz.finance.ledger import Leg, account_for, post_entry
from karsaz.finance.models.ledger import JournalEntry


def platform_fee(raised: int, fee_bp: int) -> int:
    """The platform's fee on a raise, rounded down to the rial."""
    return raised * fee_bp // 10_000


def hold(campaign: Campaign, *, amount: int, key: str, user: Any) -> JournalEntry:
    """The pledge's money into the firm's escrow. Posted last in the pledge's transaction, so the
    clearing account (every pledge's hot row) stays locked only for the ledger statement, the
    pledge's insert and the commit."""
    bank = account_for(None, AccountPurpose.BANK_CLEARING)
    escrow = account_for(campaign.enterprise, AccountPurpose.CAMPAIGN_ESCROW)
    return post_entry(
        key=key,
        kind=EntryKind.PLEDGE,
        legs=[Leg(bank, amount), Leg(escrow, -amount)],
        reason=f"campaign {campaign.pk} pledge by user {getattr(user, 'pk', '')}",
        user=user,
    )


def give_back(pledge: Pledge, campaign: Campaign, *, refund: bool, user: Any) -> JournalEntry:
    """The pledge's money back to the investor: a cancellation or a refund at a failed close."""
    bank = account_for(None, AccountPurpose.BANK_CLEARING)
    escrow = account_for(campaign.enterprise, AccountPurpose.CAMPAIGN_ESCROW)
    word = "refund" if refund else "cancel"
    return post_entry(
        key=f"capital:{word}:{pledge.pk}",
        kind=EntryKind.PLEDGE_REFUND if refund else EntryKind.PLEDGE_CANCELLATION,
        legs=[Leg(escrow, pledge.amount), Leg(bank, -pledge.amount)],
        reason=f"campaign {campaign.pk} pledge {pledge.pk} {word}",
        user=user,
        reverses=pledge.hold_entry,
    )


def release(campaign: Campaign, *, raised: int, user: Any) -> JournalEntry:
    """Escrow to the firm less the platform's fee (one entry for the whole raise)."""
    fee = platform_fee(raised, campaign.fee_bp)
    escrow = account_for(campaign.enterprise, AccountPurpose.CAMPAIGN_ESCROW)
    proceeds = account_for(campaign.enterprise, AccountPurpose.RAISE_PROCEEDS)
    legs = [Leg(escrow, raised), Leg(proceeds, -(raised - fee))]
    if fee:
        legs.append(Leg(account_for(campaign.platform, AccountPurpose.CAMPAIGN_FEES), -fee))
    return post_entry(
        key=f"capital:release:{campaign.pk}",
        kind=EntryKind.RAISE_RELEASE,
        legs=legs,
        reason=f"campaign {campaign.pk} release",
        user=user,
    )
