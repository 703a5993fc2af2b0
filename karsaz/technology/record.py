"""The `firm_record` hook: the technology exchange's signed deals, for capital readiness.

One query for the whole batch: signed or delivered agreements in which the firm is the need's
owner or the capability's provider, counted with their total value in rials.
"""

from typing import Any

from django.db.models import Q

from karsaz.technology.choices import ProposalState
from karsaz.technology.models import Proposal

SIGNED = (ProposalState.SIGNED, ProposalState.DELIVERED)


def firm_record(enterprise_ids: list[int]) -> dict[int, dict[str, Any]]:
    ids = list(enterprise_ids)
    record: dict[int, dict[str, Any]] = {pk: {"deals_signed": 0, "deals_value": 0} for pk in ids}
    if not ids:
        return record
    rows = Proposal.objects.filter(
        Q(need__enterprise_id__in=ids) | Q(capability__enterprise_id__in=ids), state__in=SIGNED
    ).values_list("need__enterprise_id", "capability__enterprise_id", "agreement_value")
    for need_owner, provider, value in rows:
        for pk in {need_owner, provider}:
            if pk in record:
                record[pk]["deals_signed"] += 1
                record[pk]["deals_value"] += value or 0
    return record
