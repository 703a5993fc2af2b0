"""Intake, accreditation of clinics and consultants, and the one-open-case rule."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from karsaz.clinics import services
from karsaz.clinics.choices import CaseState
from karsaz.clinics.models import Case
from karsaz.registry.choices import EnterpriseKind
from karsaz.testing.factories import EnterpriseFactory
from karsaz.testing.factories_clinics import answers, open_case

pytestmark = pytest.mark.django_db


# Intake ------------------------------------------------------------------------------------
def test_client_request_computes_scores_and_urgent_areas(w):
    case = services.case_request(
        user=w.client,
        enterprise=w.sme,
        problem="  فروش كاهش يافته  ",
        answers=answers(("marketing", "export")),
    )
    assert case.state == CaseState.REQUESTED and case.province == w.qazvin
    assert case.problem == "فروش کاهش یافته"  # normalized Persian
    assert case.scores["marketing"] == 0 and case.scores["finance"] == 75
    assert case.urgent_areas == ["marketing", "export"]
    assert case.history.count() == 1


@pytest.mark.parametrize("who", ["qazvin_officer", "national"])
def test_staff_request_on_behalf_of_an_enterprise_in_scope(w, who):
    case = services.case_request(
        user=getattr(w, who), enterprise=w.sme, problem="x", answers=answers()
    )
    assert case.requested_by == getattr(w, who)


@pytest.mark.parametrize("who", ["client_employee", "other_client", "tehran_officer", "outsider"])
def test_others_may_not_request_for_the_enterprise(w, who):
    with pytest.raises(PermissionDenied):
        services.case_request(
            user=getattr(w, who), enterprise=w.sme, problem="x", answers=answers()
        )
    assert not Case.objects.exists()


def test_bad_intake_reports_every_field_and_writes_nothing(w):
    with pytest.raises(ValidationError) as exc:
        services.case_request(user=w.client, enterprise=w.sme, problem=" ", answers={"x": 1})
    assert set(exc.value.message_dict) == {"problem", "answers"}
    assert not Case.objects.exists()


def test_one_open_case_per_enterprise(w):
    open_case(w)
    with pytest.raises(ValidationError) as exc:
        open_case(w)
    assert "enterprise" in exc.value.message_dict


# Clinics and consultants -------------------------------------------------------------------
def test_only_national_staff_accredit_consultancies_as_clinics(w):
    firm = EnterpriseFactory(kind=EnterpriseKind.CONSULTANCY, province=w.qazvin)
    with pytest.raises(PermissionDenied):
        services.clinic_create(
            user=w.qazvin_officer, enterprise=firm, accredited_until=dt.date(2030, 1, 1)
        )
    with pytest.raises(ValidationError) as exc:
        services.clinic_create(
            user=w.national, enterprise=w.sme, accredited_until=dt.date(2030, 1, 1)
        )
    assert "enterprise" in exc.value.message_dict
    clinic = services.clinic_create(
        user=w.national, enterprise=firm, accredited_until=dt.date(2030, 1, 1)
    )
    assert clinic.accredited and clinic.history.count() == 1
    with pytest.raises(ValidationError):
        services.clinic_create(
            user=w.national, enterprise=firm, accredited_until=dt.date(2030, 1, 1)
        )


def test_a_consultant_must_belong_to_the_clinic_and_name_valid_specialties(w):
    kwargs = {
        "clinic": w.clinic, "specialties": ["finance"], "provinces": [w.qazvin],
        "accreditation_expires": dt.date(2030, 1, 1),
    }  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.consultant_create(user=w.national, person=w.outsider, **kwargs)
    assert "user" in exc.value.message_dict
    colleague = w.marketing_expert.user
    with pytest.raises(ValidationError):  # already a consultant of this clinic
        services.consultant_create(user=w.national, person=colleague, **kwargs)
    from karsaz.registry.models import Membership

    Membership.objects.create(user=w.outsider, enterprise=w.clinic.enterprise, role="employee")
    with pytest.raises(ValidationError) as exc:
        services.consultant_create(
            user=w.national, person=w.outsider, **{**kwargs, "specialties": ["astrology"]}
        )
    assert "specialties" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.consultant_create(user=w.national, person=w.outsider, **{**kwargs, "capacity": 0})
    assert "capacity" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.consultant_create(user=w.qazvin_officer, person=w.outsider, **kwargs)
    consultant = services.consultant_create(user=w.national, person=w.outsider, **kwargs)
    assert list(consultant.provinces.all()) == [w.qazvin] and consultant.accredited


def test_the_database_refuses_a_second_open_case_that_slipped_past_the_check(w, monkeypatch):
    open_case(w)
    # Simulate the race: the service's own check sees no open case.
    real_filter = Case.objects.filter

    class Blind:
        def exists(self):
            return False

    monkeypatch.setattr(
        Case.objects,
        "filter",
        lambda *a, **k: Blind() if "state__in" in k else real_filter(*a, **k),
    )
    with pytest.raises(ValidationError) as exc:
        open_case(w)
    assert "enterprise" in exc.value.message_dict
    monkeypatch.undo()
    assert Case.objects.count() == 1
