"""Warnings from the firm's record elsewhere in Karsaz: repayment delays and defaults on the
finance module, weak diagnosis scores from the business clinics.

The daily job reads the `firm_record` hook (the same facts readiness reads) for every firm with
an open or funded campaign, in one call per provider for the whole batch, and raises or resolves
one warning per campaign and kind (`campaigns.warning_raise`: one open at a time, none again for
a cause already resolved; an open one takes the newer cause).
"""

import datetime as dt
from typing import Any

from django.utils import timezone

from karsaz.capital.choices import CampaignState, WarningKind
from karsaz.capital.models import Campaign
from karsaz.capital.services.campaigns import warning_raise_created, warning_resolve
from karsaz.core import modules

# Campaigns whose investors have money at stake: open (held in escrow) or funded.
WATCHED = (CampaignState.OPEN, CampaignState.SUCCEEDED)
# A repayment this many days late warns (the SME market's rule set asks for at most 30).
REPAYMENT_LATE_DAYS = 30
# A clinic diagnosis area scored below this (0-100, 100 the healthiest) warns: well under the
# clinics' own "urgent" mark of 60, so only a firm in real difficulty in that area.
CLINIC_FLAG_BELOW = 40
CLINIC_PREFIX, CLINIC_SUFFIX = "clinic_", "_score"


def repayment_cause(facts: dict[str, Any]) -> tuple[str, str]:
    """(cause, detail), or ("", "") when the finance record gives no cause. The cause is the
    number of defaults and whether a delay passed the limit, not the growing count of days."""
    defaults = facts.get("finance_defaults") or 0
    late = facts.get("max_days_late") or 0
    if not defaults and late < REPAYMENT_LATE_DAYS:
        return "", ""
    cause = f"defaults:{defaults};late:{int(late >= REPAYMENT_LATE_DAYS)}"
    return cause, f"finance defaults {defaults}, longest repayment delay {late} days"


def clinic_cause(facts: dict[str, Any]) -> tuple[str, str]:
    """(cause, detail): the weak areas of the latest diagnosis, or ("", "")."""
    weak = sorted(
        (key.removeprefix(CLINIC_PREFIX).removesuffix(CLINIC_SUFFIX), score)
        for key, score in facts.items()
        if key.startswith(CLINIC_PREFIX)
        and key.endswith(CLINIC_SUFFIX)
        and isinstance(score, int)
        and score < CLINIC_FLAG_BELOW
    )
    if not weak:
        return "", ""
    cause = "weak:" + ",".join(area for area, _score in weak)
    return cause[:120], "clinic scores " + ", ".join(f"{a} {s}" for a, s in weak)


RULES = ((WarningKind.REPAYMENT_DELAY, repayment_cause), (WarningKind.CLINIC_FLAG, clinic_cause))


def firm_facts(enterprise_ids: list[int]) -> dict[int, dict[str, Any]]:
    """{firm id: {fact: value}} from every `firm_record` provider, one call each."""
    facts: dict[int, dict[str, Any]] = {pk: {} for pk in enterprise_ids}
    for provider in modules.hooks("firm_record").values():
        for pk, record in provider(enterprise_ids).items():
            facts.setdefault(pk, {}).update(record)
    return facts


def warnings_from_records(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Raise (or resolve, once the cause has gone) the record warnings of every watched
    campaign. Returns how many warnings were newly raised and how many resolved."""
    now = now or timezone.now()
    campaigns = list(Campaign.objects.filter(state__in=WATCHED).order_by("pk"))
    facts = firm_facts(sorted({c.enterprise_id for c in campaigns}))
    counts = {"raised": 0, "resolved": 0}
    for campaign in campaigns:
        for kind, rule in RULES:
            cause, detail = rule(facts.get(campaign.enterprise_id, {}))
            if not cause:
                counts["resolved"] += warning_resolve(campaign=campaign, kind=kind, now=now)
                continue
            _warning, created = warning_raise_created(
                campaign=campaign, kind=kind, detail=detail, cause=cause, now=now
            )
            counts["raised"] += created
    return counts
