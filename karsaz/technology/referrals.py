"""The exchange's side of a business-clinic referral (the hook ``karsaz.clinics`` looks up by
name; see karsaz/clinics/README.md)."""

from typing import Any

from karsaz.technology.models import TechnologyNeed
from karsaz.technology.services import need_from_clinic_referral


def create_from_clinic_referral(
    *, user: Any, enterprise: Any, description: str, case_id: int
) -> TechnologyNeed:
    return need_from_clinic_referral(
        user=user, enterprise=enterprise, description=description, case_id=case_id
    )
