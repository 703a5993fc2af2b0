"""Clinic texts have documented caps, refused before the normalizer runs (issue 11, finding 11)."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from karsaz.clinics import services
from karsaz.clinics.models import Case, CaseSession
from karsaz.core.textlimits import LONG_TEXT_MAX, TEXT_MAX
from karsaz.testing.factories_clinics import answers, working_case

pytestmark = pytest.mark.django_db
MIB = "ب" * (1024 * 1024)


def test_a_huge_problem_is_refused_before_normalizing(w):
    with (
        mock.patch("karsaz.clinics.services.common.normalize") as normalizer,
        pytest.raises(ValidationError) as caught,
    ):
        services.case_request(user=w.client, enterprise=w.sme, problem=MIB, answers=answers())
    normalizer.assert_not_called()
    assert set(caught.value.message_dict) == {"problem"}
    assert not Case.objects.exists()


def test_session_notes_are_capped_in_the_service_and_the_api(w, api_as):
    case = working_case(w, with_session=False)
    common = {"case": case, "date": timezone.localdate(), "minutes": 60, "mode": "in_person"}
    user = w.finance_expert.user
    services.session_log(user=user, notes="ی" * LONG_TEXT_MAX, **common)
    with pytest.raises(ValidationError) as caught:
        services.session_log(user=user, notes="ی" * (LONG_TEXT_MAX + 1), **common)
    assert set(caught.value.message_dict) == {"notes"}
    assert CaseSession.objects.count() == 1
    response = api_as(w.client).post(
        "/api/v1/clinic-cases/",
        {"enterprise": w.other_sme.pk, "problem": "ا" * (TEXT_MAX + 1), "answers": answers()},
        format="json",
    )
    assert response.status_code == 400 and "problem" in response.json()


def test_the_intake_form_refuses_a_long_problem(w, client):
    client.force_login(w.client)
    page = client.get("/clinics/request/")
    assert page.status_code == 200 and f'maxlength="{TEXT_MAX}"' in page.content.decode()
    response = client.post("/clinics/request/", {"enterprise": w.sme.pk, "problem": MIB})
    assert response.status_code == 400 and "problem" in response.context["form"].errors
    assert not Case.objects.exists()
