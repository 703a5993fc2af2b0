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

Entries, one per money movement, each keyed so it can never be posted twice. Two-phase, like
finance's disbursements (TigerBeetle's pending transfers):
- pledge:       PENDING Dr pledge clearing / Cr campaign escrow   (`capital:pledge:<uuid>`)
- cancellation: the pledge's pending entry voided                (`capital:cancel:<pledge>`)
- refund:       the pledge's pending entry voided (failed close) (`capital:refund:<pledge>`)
- capture:      the pledge's pending entry posted (successful close) (`capital:capture:<pledge>`)
- release:      Dr campaign escrow (the raise) / Cr proceeds (raise - fee), Cr fees (fee)
                                                                 (`capital:release:<campaign>`)
While a campaign is open its pledges are the escrow's *pending* balance (its posted balance is
untouched); a cancellation or a failed close voids them, so no money ever moved; a successful
close captures every pledge (escrow's posted balance = -raise), then posts the release after the
captures. A close resolves all its pledges in a constant number of statements
(`finance.ledger_batch.resolve_pending_many`, set-based on PostgreSQL).

Older pledges posted final (before the two-phase escrow; demo data, existing rows): the rule is
the phase of the pledge's own `hold_entry`. A final hold is already in the escrow's posted
balance, so a successful close has nothing to capture for it; a cancellation or a refund posts
its entry mirrored, a reversing entry (`reverses` = the hold; same keys as above), back to the
clearing account it came from (BANK_CLEARING for the oldest ones). Both kinds mix freely in one
campaign: the release is on the posted balance after the captures, which then holds every pledge.

The fee is `raise * fee_bp // 10_000`: integer arithmetic, rounded down (a fraction of a rial
stays with the firm), so proceeds + fee == raise exactly.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from karsaz.capital.models import Campaign, Pledge
from karsaz.finance.choices import AccountPurpose, EntryKind, EntryPhase
from karsaz.finance.ledger import Leg, accounts_for, post_entry
from karsaz.finance.ledger_batch import resolve_pending_many
from karsaz.finance.models import Account, Posting
from karsaz.finance.models.ledger import JournalEntry

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
    """The pledge's money from the platform's clearing account into the firm's escrow, pending
    until the close. The caller passes the two accounts' ids when it has read them (the pledge
    reads them with the campaign's row); missing ones are read in one query (created there on
    first use)."""
    if clearing_id is None or escrow_id is None:
        clearing, escrow = accounts_for(
            [
                (platform_id, AccountPurpose.PLEDGE_CLEARING),
                (firm_id, AccountPurpose.CAMPAIGN_ESCROW),
            ]
        )
        clearing_id = clearing.pk if clearing_id is None else clearing_id
        escrow_id = escrow.pk if escrow_id is None else escrow_id
    return post_entry(
        key=key,
        kind=EntryKind.PLEDGE,
        legs=[Leg(Account(pk=clearing_id), amount), Leg(Account(pk=escrow_id), -amount)],
        pending=True,
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


def is_pending(pledge: Pledge) -> bool:
    """A two-phase pledge (its hold pending); False for an older pledge posted final."""
    return pledge.hold_entry is not None and pledge.hold_entry.phase == EntryPhase.PENDING


def _reverse(pledge: Pledge, campaign: Campaign, *, word: str, user: Any, legs: Any) -> int:
    """An older final pledge back where it came from: its entry mirrored."""
    return post_entry(
        key=f"capital:{word}:{pledge.pk}",
        kind=EntryKind.PLEDGE_REFUND if word == "refund" else EntryKind.PLEDGE_CANCELLATION,
        legs=[Leg(Account(pk=account_id), -amount) for account_id, amount in legs],
        reason=f"campaign {campaign.pk} pledge {pledge.pk} {word}",
        user=user,
        reverses=JournalEntry(pk=pledge.hold_entry_id) if pledge.hold_entry_id else None,
    ).pk


def settle_holds(
    pledges: Sequence[Pledge], campaign: Campaign, *, word: str, user: Any
) -> dict[int, int]:
    """Resolve the holds of `pledges` (loaded with `hold_entry`): `word` is "capture" (a
    successful close), "refund" (a failed close) or "cancel" (the investor). Pending holds are
    captured or voided all at once; older final holds are left as they are by a capture and
    reversed one by one otherwise. Returns {pledge id: the entry that resolved it} (a final hold
    a capture leaves has none)."""
    capture = word == "capture"
    two_phase = [p for p in pledges if is_pending(p)]
    resolved = resolve_pending_many(
        [p.hold_entry_id for p in two_phase if p.hold_entry_id],
        capture,
        keys=[f"capital:{word}:{p.pk}" for p in two_phase],
        reason=f"campaign {campaign.pk} {word}",
        user=user,
    )
    done = {p.pk: resolved[p.hold_entry_id or 0] for p in two_phase}
    if capture:
        return done
    final = [p for p in pledges if not is_pending(p)]
    legs = hold_legs(p.hold_entry_id for p in final)
    for p in final:
        done[p.pk] = _reverse(p, campaign, word=word, user=user, legs=legs[p.hold_entry_id or 0])
    return done


def release(campaign: Campaign, *, raised: int, user: Any) -> JournalEntry:
    """Escrow to the firm less the platform's fee (one entry for the whole raise), once every
    pledge is captured (posted). Its accounts are read in one query."""
    fee = platform_fee(raised, campaign.fee_bp)
    wanted = [
        (campaign.enterprise_id, AccountPurpose.CAMPAIGN_ESCROW),
        (campaign.enterprise_id, AccountPurpose.RAISE_PROCEEDS),
    ]
    if fee:
        wanted.append((campaign.platform_id, AccountPurpose.CAMPAIGN_FEES))
    escrow, proceeds, *fees = accounts_for(wanted)
    legs = [Leg(escrow, raised), Leg(proceeds, -(raised - fee))]
    if fee:
        legs.append(Leg(fees[0], -fee))
    return post_entry(
        key=f"capital:release:{campaign.pk}",
        kind=EntryKind.RAISE_RELEASE,
        legs=legs,
        reason=f"campaign {campaign.pk} release",
        user=user,
    )
