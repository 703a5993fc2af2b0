"""The `clinic_clients` hook: the firms that had a clinic case (any but a cancelled one), for
insights' cohort view (clinic clients against comparable firms that had none)."""

from karsaz.clinics.choices import CaseState
from karsaz.clinics.models import Case


def clinic_clients() -> set[int]:
    cases = Case.objects.exclude(state=CaseState.CANCELLED).order_by()
    return set(cases.values_list("enterprise_id", flat=True).distinct())
