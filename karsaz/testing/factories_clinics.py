"""Clinics test data: a small world of clinics, consultants, clients and staff."""

import datetime as dt
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from karsaz.accounts.choices import AgencyRole
from karsaz.clinics import diagnostic, services
from karsaz.clinics.models import Clinic, Consultant
from karsaz.registry.choices import EnterpriseKind, MembershipRole
from karsaz.registry.models import Province
from karsaz.testing.factories import EnterpriseFactory, MembershipFactory, UserFactory


def answers(weak: tuple[str, ...] = (), *, value: int = 4) -> dict[str, int]:
    """Questionnaire answers: healthy everywhere (4/5 agreement) except the `weak` areas."""
    out = {}
    for q in diagnostic.QUESTIONS:
        good = 1 if q.area in weak else value
        out[q.code] = 6 - good if q.reverse else good
    return out


def make_clinic(*, province: Any, accredited_days: int = 365) -> Clinic:
    firm: Any = EnterpriseFactory(kind=EnterpriseKind.CONSULTANCY, province=province)
    return Clinic.objects.create(
        enterprise=firm, accredited_until=timezone.localdate() + dt.timedelta(days=accredited_days)
    )


def make_consultant(
    *,
    clinic: Clinic,
    username: str,
    specialties: tuple[str, ...],
    provinces: list[Any],
    capacity: int = 3,
    expires_days: int = 200,
) -> Consultant:
    user: Any = UserFactory(username=username)
    MembershipFactory(user=user, enterprise=clinic.enterprise, role=MembershipRole.EMPLOYEE)
    consultant = Consultant.objects.create(
        user=user,
        clinic=clinic,
        specialties=list(specialties),
        languages=["fa"],
        capacity=capacity,
        accreditation_expires=timezone.localdate() + dt.timedelta(days=expires_days),
    )
    consultant.provinces.set(provinces)
    return consultant


def clinic_world() -> SimpleNamespace:
    """Qazvin and Tehran clients, two clinics, three consultants and staff of every scope."""
    qazvin, tehran = Province.objects.get(code="26"), Province.objects.get(code="23")
    w = SimpleNamespace(qazvin=qazvin, tehran=tehran)
    w.national = UserFactory(username="cl-national", agency_role=AgencyRole.NATIONAL_STAFF)
    w.qazvin_officer = UserFactory(
        username="cl-qazvin", agency_role=AgencyRole.PROVINCIAL_STAFF, province=qazvin
    )
    w.tehran_officer = UserFactory(
        username="cl-tehran", agency_role=AgencyRole.PROVINCIAL_STAFF, province=tehran
    )
    w.sme = EnterpriseFactory(kind=EnterpriseKind.SME, province=qazvin)
    w.client = UserFactory(username="cl-client")
    MembershipFactory(user=w.client, enterprise=w.sme, role=MembershipRole.OWNER)
    w.client_employee = UserFactory(username="cl-employee")
    MembershipFactory(user=w.client_employee, enterprise=w.sme, role=MembershipRole.EMPLOYEE)
    w.other_sme = EnterpriseFactory(kind=EnterpriseKind.SME, province=tehran)
    w.other_client = UserFactory(username="cl-other-client")
    MembershipFactory(user=w.other_client, enterprise=w.other_sme, role=MembershipRole.OWNER)
    w.outsider = UserFactory(username="cl-outsider")
    w.clinic = make_clinic(province=qazvin)
    w.clinic2 = make_clinic(province=tehran)
    w.finance_expert = make_consultant(
        clinic=w.clinic, username="cl-fin", specialties=("finance", "strategy"), provinces=[qazvin]
    )
    w.marketing_expert = make_consultant(
        clinic=w.clinic, username="cl-mkt", specialties=("marketing",), provinces=[qazvin, tehran]
    )
    w.tehran_expert = make_consultant(
        clinic=w.clinic2, username="cl-teh", specialties=("finance",), provinces=[tehran]
    )
    return w


def open_case(w: SimpleNamespace, *, weak: tuple[str, ...] = ("finance", "marketing")) -> Any:
    return services.case_request(
        user=w.client, enterprise=w.sme, problem="کمبود نقدینگی", answers=answers(weak)
    )


def working_case(w: SimpleNamespace, *, with_session: bool = True) -> Any:
    """A Qazvin case assigned to the finance expert, in progress with one session."""
    case = open_case(w)
    case = services.case_assign(user=w.qazvin_officer, case=case, consultant=w.finance_expert)
    if with_session:
        services.session_log(
            user=w.finance_expert.user,
            case=case,
            date=timezone.localdate(),
            minutes=90,
            mode="in_person",
            notes="یادداشت محرمانه: بدهی معوق به بانک",
        )
    case.refresh_from_db()
    return case
