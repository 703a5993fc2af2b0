"""Crowdfunding's postings on the finance ledger (the only capital code that writes entries).

Accounts (sign: debit +, credit -):
- PLEDGE_CLEARING (the platform operator's, one per platform: its clearing account at the
  licensed payment channel): money in. One per platform rather than Karsaz's single
  BANK_CLEARING row, so pledges to campaigns on different platforms never queue on one row lock
  (pledges made before it posted to BANK_CLEARING; their reversals reuse the accounts of the
  pledge's own entry, so they balance whichever it was);
- CAMPAIGN_ESCROW (the firm's, one per firm): what investors have put in and the firm may not
  touch until a successful close;
- RAISE_PROCEEDS (the firm's): what a successful raise pays the firm;
- CAMPAIGN_FEES (the platform operator's): the platform's fee.

Entries, one per money movement, each keyed so it can never be posted twice:
- pledge:       Dr pledge clearing / Cr campaign escrow      (`capital:pledge:<uuid>`)
- cancellation: the pledge's entry mirrored                  (`capital:cancel:<pledge>`)
- refund:       the pledge's entry mirrored                  (`capital:refund:<pledge>`)
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

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from karsaz.capital.models import Campaign, Pledge
from karsaz.finance.choices import AccountPurpose, EntryKind
from karsaz.finance.ledger import Leg, account_for, post_entry
from karsaz.finance.models import Account, Posting
from karsaz.finance.models.ledger import JournalEntry
from karsaz.registry.models import Enterprise

# The accounts a pledge posts to, as (purpose, whose: "platform" or "firm").
HOLD_ACCOUNTS = (
    (AccountPurpose.PLEDGE_CLEARING, "platform"),
    (AccountPurpose.CAMPAIGN_ESCROW, "firm"),
)


def platform_fee(raised: int, fee_bp: int) -> int:
    """The platform's fee on a raise, rounded down to the rial."""
    return raised * fee_bp // 10_000


def hold(
    *,
    firm_id: int,
    platform_id: int,
    amount: int,
    key: str,
    user: Any,
    clearing_id: int | None = None,
    escrow_id: int | None = None,
) -> JournalEntry:
    """The pledge's money from the platform's clearing account into the firm's escrow. The
    caller passes the two accounts' ids when it has read them (the pledge reads them with the
    campaign's row); a missing one is created here on first use."""
    if clearing_id is None:
        clearing_id = account_for(Enterprise(pk=platform_id), AccountPurpose.PLEDGE_CLEARING).pk
    if escrow_id is None:
        escrow_id = account_for(Enterprise(pk=firm_id), AccountPurpose.CAMPAIGN_ESCROW).pk
    return post_entry(
        key=key,
        kind=EntryKind.PLEDGE,
        legs=[Leg(Account(pk=clearing_id), amount), Leg(Account(pk=escrow_id), -amount)],
        reason=f"pledge by user {getattr(user, 'pk', '')}",
        user=user,
    )


def hold_legs(entry_ids: Iterable[int | None]) -> dict[int, list[tuple[int, int]]]:
    """{pledge entry id: [(account id, amount)]}: what each pledge posted, in one query."""
    legs: dict[int, list[tuple[int, int]]] = defaultdict(list)
    rows = Posting.objects.filter(entry_id__in=[i for i in entry_ids if i]).order_by("pk")
    for entry_id, account_id, amount in rows.values_list("entry_id", "account_id", "amount"):
        legs[entry_id].append((account_id, amount))
    return legs


def give_back(
    pledge: Pledge,
    campaign: Campaign,
    *,
    refund: bool,
    user: Any,
    legs: list[tuple[int, int]] | None = None,
) -> JournalEntry:
    """The pledge's money back to the investor (a cancellation, or a refund at a failed close):
    the pledge's own entry mirrored, so it goes back to the clearing account it came from."""
    if legs is None:
        legs = hold_legs([pledge.hold_entry_id])[pledge.hold_entry_id or 0]
    word = "refund" if refund else "cancel"
    return post_entry(
        key=f"capital:{word}:{pledge.pk}",
        kind=EntryKind.PLEDGE_REFUND if refund else EntryKind.PLEDGE_CANCELLATION,
        legs=[Leg(Account(pk=account_id), -amount) for account_id, amount in legs],
        reason=f"campaign {campaign.pk} pledge {pledge.pk} {word}",
        user=user,
        reverses=JournalEntry(pk=pledge.hold_entry_id) if pledge.hold_entry_id else None,
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
