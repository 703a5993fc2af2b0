"""Clinics and consultants: national staff accredit them."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from karsaz.accounts.scope import require
from karsaz.clinics.choices import (
    Area,
)
from karsaz.clinics.errors import ClinicsErrorCode
from karsaz.clinics.models import (
    Clinic,
    Consultant,
)
from karsaz.clinics.permissions import ClinicScope
from karsaz.core.errors import field_error
from karsaz.registry.choices import EnterpriseKind
from karsaz.registry.models import Enterprise, Membership


@transaction.atomic
def clinic_create(*, user: Any, enterprise: Enterprise, accredited_until: dt.date) -> Clinic:
    require(ClinicScope(user).can_manage_clinics, _("Only national staff accredit clinics."))
    if enterprise.kind != EnterpriseKind.CONSULTANCY:
        raise field_error(
            "enterprise",
            _("Only a consultancy can be accredited as a clinic."),
            ClinicsErrorCode.INVALID,
        )
    if Clinic.objects.filter(enterprise=enterprise).exists():
        raise field_error(
            "enterprise",
            _("This consultancy is already a clinic."),
            ClinicsErrorCode.ALREADY_EXISTS,
        )
    return Clinic.objects.create(enterprise=enterprise, accredited_until=accredited_until)


def _clean_specialties(values: Any) -> list[str]:
    codes = list(dict.fromkeys(values or []))
    if not codes:
        raise field_error(
            "specialties", _("Choose at least one specialty."), ClinicsErrorCode.REQUIRED
        )
    unknown = [c for c in codes if c not in Area.values]
    if unknown:
        raise field_error(
            "specialties",
            _("Unknown specialty: {code}").format(code=unknown[0]),
            ClinicsErrorCode.INVALID,
        )
    return codes


@transaction.atomic
def consultant_create(
    *,
    user: Any,
    clinic: Clinic,
    person: Any,
    specialties: list[str],
    provinces: list[Any],
    languages: list[str] | None = None,
    capacity: int = 5,
    accreditation_expires: dt.date,
) -> Consultant:
    require(ClinicScope(user).can_manage_clinics, _("Only national staff accredit consultants."))
    if not Membership.objects.filter(user=person, enterprise_id=clinic.enterprise_id).exists():
        raise field_error(
            "user",
            _("A consultant must be a member of the clinic's consultancy."),
            ClinicsErrorCode.NOT_A_MEMBER,
        )
    if Consultant.objects.filter(user=person, clinic=clinic).exists():
        raise field_error(
            "user",
            _("This person is already a consultant of this clinic."),
            ClinicsErrorCode.ALREADY_EXISTS,
        )
    if not provinces:
        raise field_error(
            "provinces", _("Choose at least one province served."), ClinicsErrorCode.REQUIRED
        )
    if not 1 <= int(capacity) <= 100:
        raise field_error(
            "capacity",
            _("Capacity must be between 1 and 100 open cases."),
            ClinicsErrorCode.INVALID,
        )
    consultant = Consultant.objects.create(
        user=person,
        clinic=clinic,
        specialties=_clean_specialties(specialties),
        languages=[str(x).strip()[:8] for x in (languages or ["fa"]) if str(x).strip()],
        capacity=int(capacity),
        accreditation_expires=accreditation_expires,
    )
    consultant.provinces.set(provinces)
    return consultant
