"""Reads of the clinics: consultant suggestions and stale cases."""

import datetime as dt

import pytest
from django.utils import timezone

from karsaz.clinics import selectors, services
from karsaz.clinics.models import Case
from karsaz.testing.factories import EnterpriseFactory
from karsaz.testing.factories_clinics import answers, make_consultant, open_case, working_case

pytestmark = pytest.mark.django_db


# Suggestion ---------------------------------------------------------------------------------
def test_suggestion_ranks_by_urgent_specialty_then_free_capacity(w):
    case = open_case(w, weak=("finance", "marketing"))
    ranked = selectors.consultant_suggestions(case=case)
    # Tehran's expert does not serve Qazvin; finance is the most urgent (score 0 ties, order).
    assert [s.consultant for s in ranked] == [w.finance_expert, w.marketing_expert]
    assert ranked[0].matched == ("finance",) and ranked[0].score == 2
    case2 = services.case_request(
        user=w.national,
        enterprise=EnterpriseFactory(province=w.qazvin),
        problem="x",
        answers=answers(("marketing",)),
    )
    assert selectors.consultant_suggestions(case=case2)[0].consultant == w.marketing_expert


def test_suggestion_skips_full_expired_and_inactive_consultants(w):
    case = open_case(w)
    w.finance_expert.capacity = 1
    w.finance_expert.save()
    busy = services.case_request(
        user=w.national, enterprise=EnterpriseFactory(province=w.qazvin), problem="x",
        answers=answers(),
    )  # fmt: skip
    services.case_assign(user=w.national, case=busy, consultant=w.finance_expert)
    expired = make_consultant(
        clinic=w.clinic, username="cl-old", specialties=("finance",), provinces=[w.qazvin],
        expires_days=-1,
    )  # fmt: skip
    inactive = make_consultant(
        clinic=w.clinic, username="cl-off", specialties=("finance",), provinces=[w.qazvin]
    )
    inactive.active = False
    inactive.save()
    suggested = [s.consultant for s in selectors.consultant_suggestions(case=case)]
    assert suggested == [w.marketing_expert]
    assert expired not in suggested and inactive not in suggested
    w.clinic.accredited_until = timezone.localdate() - dt.timedelta(days=1)
    w.clinic.save()
    assert selectors.consultant_suggestions(case=case) == []


def test_stale_cases(w):
    case = working_case(w)
    assert not Case.objects.filter(selectors.stale_q()).exists()
    Case.objects.filter(pk=case.pk).update(
        last_activity_at=timezone.now() - dt.timedelta(days=selectors.STALE_DAYS + 1)
    )
    assert list(Case.objects.filter(selectors.stale_q())) == [case]
