import io
import random

import pytest

from karsaz.accounts.choices import AgencyRole
from karsaz.clinics import demo
from karsaz.clinics.choices import CaseState
from karsaz.clinics.models import Case, Clinic, Consultant
from karsaz.registry.choices import EnterpriseKind, MembershipRole
from karsaz.registry.models import Province
from karsaz.testing.factories import EnterpriseFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry_demo(db):
    provinces = {p.code: p for p in Province.objects.filter(code__in=demo.PROVINCES)}
    firm = EnterpriseFactory(kind=EnterpriseKind.CONSULTANCY, province=provinces["26"])
    for code in ("23", "10"):
        EnterpriseFactory(kind=EnterpriseKind.CONSULTANCY, province=provinces[code])
    consultant = UserFactory(username="consultant")
    MembershipFactory(user=consultant, enterprise=firm, role=MembershipRole.EMPLOYEE)
    sme = EnterpriseFactory(kind=EnterpriseKind.SME, province=provinces["26"])
    MembershipFactory(user=UserFactory(username="sme"), enterprise=sme, role=MembershipRole.OWNER)
    UserFactory(username="national", agency_role=AgencyRole.NATIONAL_STAFF)
    for i in range(40):
        EnterpriseFactory(kind=EnterpriseKind.SME, province=provinces[demo.PROVINCES[i % 5]])
    return firm


def test_demo_is_idempotent_and_uses_the_demo_users(registry_demo):
    out = io.StringIO()
    credentials = demo.seed(rng=random.Random(7), stdout=out)
    assert credentials[0][:2] == ("consultant", "karsaz-demo-1405")
    first = Clinic.objects.order_by("id").first()
    assert first.enterprise == registry_demo
    assert Consultant.objects.get(user__username="consultant").clinic == first
    cases = Case.objects.count()
    assert cases == 41
    assert Case.objects.filter(state=CaseState.CLOSED).exists()
    assert Case.objects.values("province").distinct().count() == 5
    sme_case = Case.objects.get(enterprise__memberships__user__username="sme")
    assert sme_case.state == CaseState.CLOSED and sme_case.followups.count() == 2
    demo.seed(rng=random.Random(7), stdout=out)
    assert Case.objects.count() == cases and Clinic.objects.count() == 3
