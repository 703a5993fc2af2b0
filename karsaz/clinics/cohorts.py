"""The `clinic_clients` hook: the firms that had a clinic case (any but a cancelled one), for
insights' cohort view (clinic clients against comparable firms that had none)."""

from typing import Any

from django.db.models import QuerySet

from karsaz.clinics.choices import CaseState
from karsaz.clinics.models import Case


def clinic_clients() -> QuerySet[Case, Any]:
    """Their enterprise ids as a query (one column), for `pk__in=` in the caller's SQL."""
    return Case.objects.exclude(state=CaseState.CANCELLED).order_by().values("enterprise_id")
