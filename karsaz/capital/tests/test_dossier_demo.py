"""The dossier demo: two advisers, filings at every stage, the sme firm engaged."""

import io
import random

import pytest

from karsaz.accounts.choices import AgencyRole
from karsaz.capital import demo, demo_dossier, selectors
from karsaz.capital.choices import DocumentStatus, EngagementState, FilingStage
from karsaz.capital.models import DocumentVersion, DossierDocument, Engagement, Filing
from karsaz.registry.choices import EnterpriseKind, MembershipRole
from karsaz.registry.models import Province
from karsaz.testing.factories import EnterpriseFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry_demo(db):
    provinces = list(Province.objects.filter(code__in=("26", "23", "10", "30", "09")))
    sme = EnterpriseFactory(kind=EnterpriseKind.SME, province=provinces[0])
    MembershipFactory(user=UserFactory(username="sme"), enterprise=sme, role=MembershipRole.OWNER)
    UserFactory(username="national", agency_role=AgencyRole.NATIONAL_STAFF)
    for i in range(40):
        EnterpriseFactory(kind=EnterpriseKind.SME, province=provinces[i % 5])
    return sme


def test_dossier_demo_is_deterministic_idempotent_and_covers_every_stage(registry_demo):
    out = io.StringIO()
    credentials = demo_dossier.seed(rng=random.Random(1405), stdout=out)
    assert credentials == [
        ("adviser", "karsaz-demo-1405", "admission adviser at the first licensed adviser firm")
    ]
    advisers = list(selectors.advisers())
    assert len(advisers) == 2
    assert {a.kind for a in advisers} == {EnterpriseKind.ADMISSION_ADVISER}
    assert Filing.objects.count() == 37
    assert set(Filing.objects.values_list("stage", flat=True)) == set(FilingStage.values)
    assert set(DossierDocument.objects.values_list("status", flat=True)) == set(
        DocumentStatus.values
    )
    sme = Filing.objects.get(enterprise=registry_demo)
    assert sme.stage == FilingStage.PREPARATION
    engagement = Engagement.objects.get(enterprise=registry_demo)
    assert (engagement.state, engagement.adviser) == (EngagementState.ACTIVE, advisers_first())
    adviser = registry_demo.memberships.model.objects.get(user__username="adviser").user
    assert selectors.filing_get(user=adviser, pk=sme.pk) == sme
    snapshot = sorted(Filing.objects.values_list("enterprise_id", "market", "stage"))
    versions = DocumentVersion.objects.count()
    # Run again (through the module's demo): nothing more is written.
    assert credentials[0] in demo.seed(rng=random.Random(1405), stdout=out)
    assert sorted(Filing.objects.values_list("enterprise_id", "market", "stage")) == snapshot
    assert DocumentVersion.objects.count() == versions
    # Every demo filing's history ends at its stage, and admitted ones count in the directory.
    for filing in Filing.objects.prefetch_related("changes"):
        assert filing.changes.order_by("at", "id").last().to_stage == filing.stage
    records = {r.adviser.pk: r for r in selectors.adviser_directory()}
    assert sum(r.admissions for r in records.values()) == 6
    assert all(r.median_days for r in records.values() if r.admissions)


def advisers_first():
    return selectors.advisers().get(name_en="Atieh Admission Advisers")


def test_without_the_demo_users_the_dossier_demo_is_skipped(db):
    out = io.StringIO()
    assert demo_dossier.seed(rng=random.Random(1), stdout=out) == []
    assert Filing.objects.count() == 0
