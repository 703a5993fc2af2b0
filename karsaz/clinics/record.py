"""The `firm_record` hook: what the business clinics know about firms, for capital readiness.

One query for the whole batch: the firms' cases, newest first, from which the latest diagnosis
scores by area and the number of closed cases are read.
"""

from typing import Any

from karsaz.clinics.choices import CaseState
from karsaz.clinics.models import Case


def firm_record(enterprise_ids: list[int]) -> dict[int, dict[str, Any]]:
    ids = list(enterprise_ids)
    record: dict[int, dict[str, Any]] = {pk: {"clinic_cases_closed": 0} for pk in ids}
    if not ids:
        return record
    rows = (
        Case.objects.filter(enterprise_id__in=ids)
        .order_by("enterprise_id", "-created_at", "-id")
        .values_list("enterprise_id", "state", "scores")
    )
    seen: set[int] = set()
    for enterprise_id, state, scores in rows:
        facts = record[enterprise_id]
        if state == CaseState.CLOSED:
            facts["clinic_cases_closed"] += 1
        if enterprise_id not in seen and scores:
            seen.add(enterprise_id)
            for area, score in scores.items():
                facts[f"clinic_{area}_score"] = score
    return record
