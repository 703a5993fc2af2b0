"""Writes of crowdfunding: the campaign's life cycle, pledges under caps, the close.

Locks, always in this order so two transactions never wait on each other in a cycle:
the campaign row, then InvestorYear rows in id order (then the ledger's accounts, in id order,
taken by `finance.ledger`). Every function is one transaction; an error leaves nothing written.
"""

import datetime as dt
import uuid
from collections import defaultdict
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Case, F, OuterRef, Q, Subquery, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from karsaz.accounts.scope import EDITOR_ROLES, require
from karsaz.capital.choices import (
    CampaignState,
    Instrument,
    PledgeState,
    ReportStatus,
    WarningKind,
)
from karsaz.capital.errors import CapitalErrorCode as Code
from karsaz.capital.models import (
    Campaign,
    CampaignWarning,
    Holding,
    InvestorYear,
    PeriodicReport,
    Pledge,
    RuleSet,
)
from karsaz.capital.permissions import CapitalScope
from karsaz.capital.services import escrow
from karsaz.core import jalali
from karsaz.core.errors import field_error
from karsaz.core.money import MAX_RIALS
from karsaz.core.persian import normalize
from karsaz.core.textlimits import COMMENT_MAX, TEXT_MAX
from karsaz.finance.choices import AccountPurpose
from karsaz.finance.models import Account, JournalEntry
from karsaz.registry.choices import EnterpriseKind
from karsaz.registry.models import Enterprise, Membership

CANCEL_WINDOW = dt.timedelta(hours=48)
# After a successful raise the firm reports every 6 months for 2 years.
REPORT_COUNT = 4
REPORT_EVERY_DAYS = 182
EDITABLE = (
    "title",
    "instrument",
    "terms",
    "use_of_funds",
    "target",
    "minimum_pledge",
    "own_contribution",
    "fee_bp",
    "opens_at",
    "closes_at",
)
FROZEN = ("target", "opens_at", "closes_at")


def _text(value: Any, field: str, max_length: int = TEXT_MAX) -> str:
    raw = str(value or "")
    if len(raw) > max_length:
        raise field_error(
            field, _("Write at most {n} characters.").format(n=max_length), Code.INVALID
        )
    text = normalize(raw).strip()
    if not text:
        raise field_error(field, _("This field is required."), Code.REQUIRED)
    return text


def _rials(value: Any, field: str, *, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise field_error(field, _("Enter a whole number of rials."), Code.INVALID)
    if not minimum <= value <= MAX_RIALS:
        raise field_error(
            field,
            _("Enter an amount from {a} to {b} rials.").format(a=minimum, b=MAX_RIALS),
            Code.INVALID,
        )
    return value


def rules_in_force() -> RuleSet:
    rules = RuleSet.objects.filter(market="crowdfunding", active=True).order_by("-version").first()
    if rules is None:
        raise field_error("__all__", _("No crowdfunding rule set is in force."), Code.INVALID)
    return rules


def _validate(data: dict[str, Any], rules: RuleSet) -> dict[str, Any]:
    """The campaign's terms against the rule set in force; returns the cleaned values."""
    clean: dict[str, Any] = {
        "title": _text(data.get("title"), "title", 255),
        "terms": _text(data.get("terms"), "terms"),
        "use_of_funds": _text(data.get("use_of_funds"), "use_of_funds"),
    }
    if data.get("instrument") not in Instrument.values:
        raise field_error("instrument", _("Choose equity or debt."), Code.INVALID)
    clean["instrument"] = data["instrument"]
    target = clean["target"] = _rials(data.get("target"), "target", minimum=1)
    minimum = clean["minimum_pledge"] = _rials(data.get("minimum_pledge", 0), "minimum_pledge")
    own = clean["own_contribution"] = _rials(data.get("own_contribution"), "own_contribution")
    fee_bp = data.get("fee_bp", 0)
    if isinstance(fee_bp, bool) or not isinstance(fee_bp, int) or not 0 <= fee_bp <= 10_000:
        raise field_error("fee_bp", _("Enter a fee from 0 to 10,000 basis points."), Code.INVALID)
    clean["fee_bp"] = fee_bp
    if minimum > target:
        raise field_error(
            "minimum_pledge", _("The smallest pledge may not exceed the target."), Code.INVALID
        )
    pct = rules.own_contribution_min_pct or 0
    if own * 100 < pct * target:
        raise field_error(
            "own_contribution",
            _("The firm must put in at least {pct}% of the target itself.").format(pct=pct),
            Code.OWN_CONTRIBUTION,
        )
    opens, closes = data.get("opens_at"), data.get("closes_at")
    if not isinstance(opens, dt.datetime):
        raise field_error("opens_at", _("Enter the opening date."), Code.REQUIRED)
    if not isinstance(closes, dt.datetime):
        raise field_error("closes_at", _("Enter the closing date."), Code.REQUIRED)
    if closes <= opens:
        raise field_error("closes_at", _("The call must close after it opens."), Code.INVALID)
    days = rules.campaign_max_days
    if days and closes - opens > dt.timedelta(days=days):
        raise field_error(
            "closes_at",
            _("A call may last at most {days} days.").format(days=days),
            Code.DURATION,
        )
    clean["opens_at"], clean["closes_at"] = opens, closes
    return clean


@transaction.atomic
def campaign_draft(
    *, user: Any, enterprise: Enterprise, platform: Enterprise, **data: Any
) -> Campaign:
    """The firm's editor drafts a campaign on a licensed platform."""
    scope = CapitalScope(user)
    require(scope.edits(enterprise.pk), _("Only the firm's owner or manager drafts a campaign."))
    if platform.kind != EnterpriseKind.FUNDING_PLATFORM:
        raise field_error(
            "platform", _("Choose a licensed crowdfunding platform."), Code.WRONG_KIND
        )
    if platform.pk == enterprise.pk:
        raise field_error("platform", _("A firm cannot host its own campaign."), Code.WRONG_KIND)
    rules = rules_in_force()
    clean = _validate(data, rules)
    return Campaign.objects.create(
        enterprise=enterprise, platform=platform, rule_set=rules, created_by=user, **clean
    )


def _lock(campaign: Campaign) -> Campaign:
    return (
        Campaign.objects.select_for_update(of=("self",))
        .select_related("enterprise", "platform", "rule_set")
        .get(pk=campaign.pk)
    )


@transaction.atomic
def campaign_update(*, user: Any, campaign: Campaign, **data: Any) -> Campaign:
    """Edit a draft. Once submitted the terms are the platform's to judge; once open, target
    and dates are frozen (400 `invalid_state` on the field)."""
    campaign = _lock(campaign)
    require(CapitalScope(user).campaign_manages(campaign))
    if campaign.state != CampaignState.DRAFT:
        changed = [f for f in FROZEN if f in data and data[f] != getattr(campaign, f)]
        field = changed[0] if changed else "__all__"
        raise field_error(
            field, _("Only a draft can be edited; target and dates are frozen."), Code.INVALID_STATE
        )
    merged = {f: data.get(f, getattr(campaign, f)) for f in EDITABLE}
    clean = _validate(merged, campaign.rule_set)
    for f, v in clean.items():
        setattr(campaign, f, v)
    campaign.save(update_fields=list(clean))
    return campaign


def _state_error(message: str | None = None) -> Exception:
    return field_error(
        "__all__", message or _("The campaign is not in a state for this."), Code.INVALID_STATE
    )


@transaction.atomic
def campaign_submit(*, user: Any, campaign: Campaign) -> Campaign:
    campaign = _lock(campaign)
    require(CapitalScope(user).campaign_manages(campaign))
    if campaign.state != CampaignState.DRAFT:
        raise _state_error()
    if campaign.opens_at <= timezone.now():
        raise field_error("opens_at", _("Choose an opening date in the future."), Code.INVALID)
    campaign.state = CampaignState.SUBMITTED
    campaign.save(update_fields=["state"])
    return campaign


@transaction.atomic
def campaign_approve(*, user: Any, campaign: Campaign, now: dt.datetime | None = None) -> Campaign:
    """The platform approves; the campaign opens now if its opening time has come, else the
    periodic job opens it."""
    now = now or timezone.now()
    campaign = _lock(campaign)
    require(CapitalScope(user).campaign_operates(campaign), _("Only the platform approves."))
    if campaign.state != CampaignState.SUBMITTED:
        raise _state_error()
    if campaign.closes_at <= now:
        raise field_error("closes_at", _("This call has already ended."), Code.CAMPAIGN_CLOSED)
    campaign.approved_by, campaign.approved_at = user, now
    campaign.state = CampaignState.OPEN if campaign.opens_at <= now else CampaignState.APPROVED
    campaign.save(update_fields=["approved_by", "approved_at", "state"])
    return campaign


@transaction.atomic
def campaign_reject(*, user: Any, campaign: Campaign) -> Campaign:
    """The platform sends the campaign back to the firm as a draft, to revise and resubmit."""
    campaign = _lock(campaign)
    require(CapitalScope(user).campaign_operates(campaign), _("Only the platform rejects."))
    if campaign.state != CampaignState.SUBMITTED:
        raise _state_error()
    campaign.state = CampaignState.DRAFT
    campaign.save(update_fields=["state"])
    return campaign


def campaigns_open_due(*, now: dt.datetime | None = None) -> int:
    """Open every approved campaign whose opening time has come (the periodic job)."""
    now = now or timezone.now()
    return Campaign.objects.filter(
        state=CampaignState.APPROVED, opens_at__lte=now, closes_at__gt=now
    ).update(state=CampaignState.OPEN)


def _investor_year(user: Any, year: int) -> InvestorYear:
    """The person's year row, locked (created on first use; a racing creation waits on the
    unique index, then both lock the one row)."""
    locked = InvestorYear.objects.select_for_update()
    row = locked.filter(investor=user, year=year).first()
    if row is None:
        created, _created = InvestorYear.objects.get_or_create(investor=user, year=year)
        row = locked.get(pk=created.pk)
    return row


# The pledge's two statements (written once for PostgreSQL and SQLite, which both have UPDATE
# and INSERT … ON CONFLICT with RETURNING). Each does its check and its write in one round trip:
# a pledge is 8 round trips on PostgreSQL with BEGIN and COMMIT (was 14), the hot path of the
# pledge benchmark.
_CAMPAIGN, _YEAR, _PLEDGE = (m._meta.db_table for m in (Campaign, InvestorYear, Pledge))
_RULES, _MEMBER, _ACCOUNT = (m._meta.db_table for m in (RuleSet, Membership, Account))
_EDITOR_ROLES = sorted(EDITOR_ROLES)
_ROLES_IN = ", ".join(["%s"] * len(_EDITOR_ROLES))
# Add the pledge to the campaign's sum if it is open and the pledge fits: the UPDATE takes the
# campaign's row lock (racing pledges queue here and re-check the WHERE on the row as the one
# before them left it). It returns what the rest of the pledge needs: the caps, whether the user
# is barred (the firm's editors and the platform's members: `campaign_manages` and
# `campaign_operates` of the scope, as SQL; test_campaigns_pledge_path pins them equal), and the
# two ledger accounts' ids.
_CLAIM_CAMPAIGN = f"""
UPDATE {_CAMPAIGN} SET pledged = pledged + %s
WHERE id = %s AND state = %s AND opens_at <= %s AND %s < closes_at
  AND minimum_pledge <= %s AND pledged + %s <= target
RETURNING enterprise_id, platform_id, target,
  (SELECT person_share_max_pct FROM {_RULES} WHERE id = rule_set_id),
  (SELECT person_annual_cap FROM {_RULES} WHERE id = rule_set_id),
  EXISTS (SELECT 1 FROM {_MEMBER} WHERE user_id = %s AND (enterprise_id = platform_id
    OR (enterprise_id = {_CAMPAIGN}.enterprise_id AND role IN ({_ROLES_IN})))),
  (SELECT id FROM {_ACCOUNT} WHERE enterprise_id = platform_id AND purpose = %s),
  (SELECT id FROM {_ACCOUNT} WHERE enterprise_id = {_CAMPAIGN}.enterprise_id AND purpose = %s)
"""  # noqa: S608 (table names from the models, values bound)
# Add the pledge to the person's year if it stays within the yearly cap (the row is created on
# first use, else locked by the upsert), and read what the person already holds in the campaign:
# a new statement, so it sees every pledge committed before this one took the campaign's lock.
_CLAIM_YEAR = f"""
INSERT INTO {_YEAR} (investor_id, year, pledged)
SELECT %s, %s, CAST(%s AS BIGINT) WHERE CAST(%s AS BIGINT) <= %s
ON CONFLICT (investor_id, year) DO UPDATE SET pledged = {_YEAR}.pledged + excluded.pledged
WHERE {_YEAR}.pledged + excluded.pledged <= %s
RETURNING pledged, (SELECT COALESCE(SUM(amount), 0) FROM {_PLEDGE}
  WHERE campaign_id = %s AND investor_id = %s AND state = %s)
"""  # noqa: S608


def _barred_error() -> Exception:
    return field_error(
        "amount", _("The firm and its platform cannot pledge to this campaign."), Code.INVALID
    )


def _person_cap_error(pct: int, cap: int, mine: int) -> Exception:
    return field_error(
        "amount",
        _(
            "One person may hold at most {pct}% of this campaign ({cap} rials); "
            "you may add {left} rials."
        ).format(pct=pct, cap=cap, left=cap - mine),
        Code.CAP_EXCEEDED,
    )


def _held_by(user: Any, campaign_id: int) -> int:
    return (
        Pledge.objects.filter(
            campaign_id=campaign_id, investor=user, state=PledgeState.HELD
        ).aggregate(s=Sum("amount"))["s"]
        or 0
    )


def _campaign_refusal(user: Any, campaign_id: int, amount: int, now: dt.datetime) -> Exception:
    """Why the campaign took no pledge (the claim matched no row): the first rule it breaks, in
    the order a person reads them. Read without a lock: it only words the refusal."""
    campaign = Campaign.objects.select_related("enterprise").get(pk=campaign_id)
    scope = CapitalScope(user)
    if scope.campaign_manages(campaign) or scope.campaign_operates(campaign):
        return _barred_error()
    if campaign.state != CampaignState.OPEN or not campaign.opens_at <= now < campaign.closes_at:
        return field_error(
            "amount", _("This campaign is not open for pledges."), Code.CAMPAIGN_CLOSED
        )
    if amount < campaign.minimum_pledge:
        return field_error(
            "amount",
            _("The smallest pledge is {n} rials.").format(n=campaign.minimum_pledge),
            Code.INVALID,
        )
    return field_error(
        "amount",
        _("Only {n} rials remain to the target.").format(n=campaign.target - campaign.pledged),
        Code.OVERSUBSCRIBED,
    )


@transaction.atomic
def pledge_create(
    *, user: Any, campaign: Campaign, amount: Any, now: dt.datetime | None = None
) -> Pledge:
    """An investor's pledge, confirmed by the payment channel: a pending entry into the firm's
    escrow, captured or voided at the close (`services/escrow.py`).

    Under the campaign's row lock (then the investor's year row, then the ledger's accounts):
    the target, the per-person share of the target and the person's yearly cap across all
    campaigns all hold exactly, however many pledges race. A refusal raises, and the transaction
    takes back whatever the claims had added."""
    now = now or timezone.now()
    require(bool(user and user.is_authenticated))
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise field_error("amount", _("Enter a whole number of rials."), Code.INVALID)
    if amount > MAX_RIALS:  # past any target: worded like any other oversubscription
        raise _campaign_refusal(user, campaign.pk, amount, now)
    at = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(
            _CLAIM_CAMPAIGN,
            [
                *(amount, campaign.pk, CampaignState.OPEN, at, at, amount, amount, user.pk),
                *_EDITOR_ROLES,
                *(AccountPurpose.PLEDGE_CLEARING, AccountPurpose.CAMPAIGN_ESCROW),
            ],
        )
        claimed = cursor.fetchone()
        if claimed is None:
            raise _campaign_refusal(user, campaign.pk, amount, now)
        firm_id, platform_id, target, share_pct, annual_cap, barred, clearing, escrow_id = claimed
        if barred:
            raise _barred_error()
        limit = MAX_RIALS if annual_cap is None else annual_cap
        year = jalali.to_jalali(now).year
        cursor.execute(
            _CLAIM_YEAR,
            [user.pk, year, amount, amount, limit, limit, campaign.pk, user.pk, PledgeState.HELD],
        )
        row = cursor.fetchone()
    mine = row[1] if row is not None else _held_by(user, campaign.pk)
    if share_pct and mine + amount > target * share_pct // 100:
        raise _person_cap_error(share_pct, target * share_pct // 100, mine)
    if row is None:
        done = InvestorYear.objects.filter(investor=user, year=year).values_list("pledged")
        left = limit - (done.first() or (0,))[0]
        raise field_error(
            "amount",
            _(
                "Your yearly crowdfunding cap is {cap} rials; you may add {left} rials this year."
            ).format(cap=limit, left=left),
            Code.CAP_EXCEEDED,
        )
    entry = escrow.hold(
        firm_id=firm_id,
        platform_id=platform_id,
        clearing_id=clearing,
        escrow_id=escrow_id,
        amount=amount,
        key=f"capital:pledge:{uuid.uuid4()}",
        user=user,
    )
    return Pledge.objects.create(
        campaign=campaign,
        investor=user,
        amount=amount,
        state=PledgeState.HELD,
        created_at=now,
        hold_entry=entry,
    )


@transaction.atomic
def pledge_cancel(*, user: Any, pledge: Pledge, now: dt.datetime | None = None) -> Pledge:
    """The investor cancels, until 48 hours before the close: the money goes back in full."""
    now = now or timezone.now()
    campaign = _lock(pledge.campaign)
    pledge = (
        Pledge.objects.select_for_update(of=("self",))
        .select_related("hold_entry")
        .get(pk=pledge.pk)
    )
    require(pledge.investor_id == user.pk, _("Only the investor cancels a pledge."))
    if pledge.state != PledgeState.HELD or campaign.state != CampaignState.OPEN:
        raise _state_error(_("This pledge can no longer be cancelled."))
    if now > campaign.closes_at - CANCEL_WINDOW:
        raise field_error(
            "__all__",
            _("A pledge can be cancelled until 48 hours before the close."),
            Code.TOO_LATE,
        )
    year = _investor_year(pledge.investor, jalali.to_jalali(pledge.created_at).year)
    pledge.release_entry_id = escrow.settle_holds([pledge], campaign, word="cancel", user=user)[
        pledge.pk
    ]
    pledge.state, pledge.cancelled_at = PledgeState.CANCELLED, now
    pledge.save(update_fields=["release_entry", "state", "cancelled_at"])
    Campaign.objects.filter(pk=campaign.pk).update(pledged=campaign.pledged - pledge.amount)
    InvestorYear.objects.filter(pk=year.pk).update(pledged=year.pledged - pledge.amount)
    return pledge


def _shares_ppm(amounts: dict[int, int], total: int) -> dict[int, int]:
    """Parts per million that add up to exactly 1,000,000 (largest remainder; ties to the
    lower investor id)."""
    floors = {k: a * 1_000_000 // total for k, a in amounts.items()}
    left = 1_000_000 - sum(floors.values())
    order = sorted(amounts, key=lambda k: (-(amounts[k] * 1_000_000 % total), k))
    for k in order[:left]:
        floors[k] += 1
    return floors


@transaction.atomic
def campaign_close(
    *, campaign: Campaign, user: Any = None, now: dt.datetime | None = None
) -> Campaign:
    """At `closes_at`: target met → succeeded, escrow to the firm less the fee, holdings and the
    report schedule; missed → failed, every pledge refunded in full. All or nothing."""
    now = now or timezone.now()
    campaign = _lock(campaign)
    if user is not None:
        scope = CapitalScope(user)
        require(scope.national or scope.campaign_operates(campaign))
    if campaign.state != CampaignState.OPEN:
        raise _state_error()
    if now < campaign.closes_at:
        raise field_error(
            "__all__", _("The campaign closes at its closing date."), Code.INVALID_STATE
        )
    pledges = list(
        Pledge.objects.select_for_update(of=("self",))
        .select_related("hold_entry")
        .filter(campaign=campaign, state=PledgeState.HELD)
        .order_by("pk")
    )
    held = Pledge.objects.filter(campaign=campaign, state=PledgeState.HELD)  # locked above
    if campaign.pledged >= campaign.target:
        # Every pending pledge captured first, so the escrow's posted balance holds the raise.
        escrow.settle_holds(pledges, campaign, word="capture", user=user)
        entry = escrow.release(campaign, raised=campaign.pledged, user=user)
        held.update(state=PledgeState.SETTLED, release_entry=entry)
        per_investor: dict[int, int] = defaultdict(int)
        for p in pledges:
            per_investor[p.investor_id] += p.amount
        shares = _shares_ppm(per_investor, campaign.pledged)
        Holding.objects.bulk_create(
            [
                Holding(
                    campaign=campaign, investor_id=k, amount=a, share_ppm=shares[k], created_at=now
                )
                for k, a in sorted(per_investor.items())
            ]
        )
        base = timezone.localdate(now)
        PeriodicReport.objects.bulk_create(
            [
                PeriodicReport(
                    campaign=campaign,
                    period=str(i),
                    due_on=base + dt.timedelta(days=REPORT_EVERY_DAYS * i),
                )
                for i in range(1, REPORT_COUNT + 1)
            ]
        )
        campaign.state = CampaignState.SUCCEEDED
    else:
        years: dict[tuple[int, int], int] = defaultdict(int)
        for p in pledges:
            years[(p.investor_id, jalali.to_jalali(p.created_at).year)] += p.amount
        rows = {
            (r.investor_id, r.year): r.pk
            for r in InvestorYear.objects.select_for_update()
            .filter(investor_id__in={k[0] for k in years})
            .order_by("pk")
        }
        escrow.settle_holds(pledges, campaign, word="refund", user=user)
        # The entry that gave each pledge back: its hold's void, or (an older final pledge) the
        # hold's reversal. One statement for any number of pledges, as are the years below.
        given_back = JournalEntry.objects.filter(
            Q(resolves_id=OuterRef("hold_entry_id")) | Q(reverses_id=OuterRef("hold_entry_id"))
        ).values("pk")[:1]
        held.update(
            state=PledgeState.REFUNDED, cancelled_at=now, release_entry=Subquery(given_back)
        )
        if years:
            InvestorYear.objects.filter(pk__in=[rows[k] for k in years]).update(
                pledged=F("pledged")
                - Case(*(When(pk=rows[k], then=Value(a)) for k, a in years.items()))
            )
        campaign.state = CampaignState.FAILED
    campaign.closed_at = now
    campaign.save(update_fields=["state", "closed_at"])
    return campaign


def campaigns_close_due(*, now: dt.datetime | None = None) -> list[int]:
    """Close every open campaign past its closing time (the periodic job); one transaction per
    campaign, so one failure does not hold back the others."""
    now = now or timezone.now()
    due = Campaign.objects.filter(state=CampaignState.OPEN, closes_at__lte=now).order_by("pk")
    closed = []
    for campaign in due:
        campaign_close(campaign=campaign, now=now)
        closed.append(campaign.pk)
    return closed


@transaction.atomic
def report_file(
    *, user: Any, report: PeriodicReport, body: Any, now: dt.datetime | None = None
) -> PeriodicReport:
    """The firm files a report; an open overdue warning on the campaign is resolved once no
    report is overdue."""
    now = now or timezone.now()
    report = PeriodicReport.objects.select_for_update().select_related("campaign").get(pk=report.pk)
    require(CapitalScope(user).campaign_manages(report.campaign))
    if report.status != ReportStatus.DUE:
        raise _state_error(_("This report was already filed."))
    report.body = _text(body, "body")
    report.status, report.filed_by, report.filed_at = ReportStatus.FILED, user, now
    report.save(update_fields=["body", "status", "filed_by", "filed_at"])
    still_overdue = PeriodicReport.objects.filter(
        campaign=report.campaign, status=ReportStatus.DUE, due_on__lt=timezone.localdate(now)
    ).exists()
    if not still_overdue:
        CampaignWarning.objects.filter(
            campaign=report.campaign, kind=WarningKind.REPORT_OVERDUE, resolved_at__isnull=True
        ).update(resolved_at=now)
    return report


def warning_raise(
    *,
    campaign: Campaign,
    kind: str,
    detail: str,
    cause: str = "",
    now: dt.datetime | None = None,
) -> CampaignWarning | None:
    """Raise a warning to the platform and the agency: at most one open per campaign and kind
    (an open one takes the newer cause and detail). A warning of the kind already resolved for
    the same non-empty `cause` is not raised again (None): only a new cause warns anew."""
    return warning_raise_created(campaign=campaign, kind=kind, detail=detail, cause=cause, now=now)[
        0
    ]


def warning_raise_created(
    *,
    campaign: Campaign,
    kind: str,
    detail: str,
    cause: str = "",
    now: dt.datetime | None = None,
) -> tuple[CampaignWarning | None, bool]:
    """`warning_raise`, and whether it made a new warning."""
    detail = detail[:COMMENT_MAX]
    with transaction.atomic():
        open_ = (
            CampaignWarning.objects.select_for_update()
            .filter(campaign=campaign, kind=kind, resolved_at__isnull=True)
            .first()
        )
        if open_ is not None:
            if cause and open_.cause != cause:
                open_.cause, open_.detail = cause, detail
                open_.save(update_fields=["cause", "detail"])
            return open_, False
        resolved = CampaignWarning.objects.filter(campaign=campaign, kind=kind, cause=cause)
        if cause and resolved.exists():
            return None, False
        try:
            with transaction.atomic():
                row = CampaignWarning.objects.create(
                    campaign=campaign,
                    kind=kind,
                    cause=cause,
                    detail=detail,
                    raised_at=now or timezone.now(),
                )
            return row, True
        except IntegrityError:  # a racing job raised it first: the one open warning stands
            row = CampaignWarning.objects.get(
                campaign=campaign, kind=kind, resolved_at__isnull=True
            )
            return row, False


def warning_resolve(*, campaign: Campaign, kind: str, now: dt.datetime | None = None) -> int:
    """Resolve the open warning of a kind whose cause has gone; returns 1 if there was one."""
    return CampaignWarning.objects.filter(
        campaign=campaign, kind=kind, resolved_at__isnull=True
    ).update(resolved_at=now or timezone.now())


def reports_flag_overdue(*, now: dt.datetime | None = None) -> int:
    """Warn about every campaign with a report past its due date (the periodic job)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    late = (
        PeriodicReport.objects.filter(status=ReportStatus.DUE, due_on__lt=today)
        .values_list("campaign_id", flat=True)
        .distinct()
    )
    count = 0
    for campaign in Campaign.objects.filter(pk__in=list(late)).order_by("pk"):
        warning_raise(
            campaign=campaign, kind=WarningKind.REPORT_OVERDUE, detail="report overdue", now=now
        )
        count += 1
    return count
