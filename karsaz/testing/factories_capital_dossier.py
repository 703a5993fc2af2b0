"""Admission-dossier test data: two firms, two licensed advisers, staff of every scope."""

from types import SimpleNamespace
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from karsaz.accounts.choices import AgencyRole
from karsaz.capital import services
from karsaz.capital.choices import Market
from karsaz.capital.models import Filing
from karsaz.registry.choices import EnterpriseKind, MembershipRole
from karsaz.registry.models import Province
from karsaz.testing.factories import EnterpriseFactory, MembershipFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def pdf(name: str = "doc.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def ensure_rule_sets() -> None:
    """The markets' first rule sets, as migration 0002 writes them: transactional tests (the
    browser journeys, the races) start from a flushed database that lost them."""
    import importlib

    from django.apps import apps

    importlib.import_module("karsaz.capital.migrations.0002_rule_sets").forwards(apps, None)


def make_adviser(*, province: Any, username: str) -> tuple[Any, Any]:
    firm = EnterpriseFactory(kind=EnterpriseKind.ADMISSION_ADVISER, province=province)
    person = UserFactory(username=username)
    MembershipFactory(user=person, enterprise=firm, role=MembershipRole.EMPLOYEE)
    return firm, person


def dossier_world() -> SimpleNamespace:
    """A Qazvin firm (`owner`, `employee`) and a Tehran firm (`other_owner`), two advisers
    (`adviser`, `adviser2`), national and provincial staff, an investor-like outsider."""
    ensure_rule_sets()
    qazvin, tehran = Province.objects.get(code="26"), Province.objects.get(code="23")
    w = SimpleNamespace(qazvin=qazvin, tehran=tehran)
    w.national = UserFactory(username="dz-national", agency_role=AgencyRole.NATIONAL_STAFF)
    w.qazvin_officer = UserFactory(
        username="dz-qazvin", agency_role=AgencyRole.PROVINCIAL_STAFF, province=qazvin
    )
    w.tehran_officer = UserFactory(
        username="dz-tehran", agency_role=AgencyRole.PROVINCIAL_STAFF, province=tehran
    )
    w.firm = EnterpriseFactory(kind=EnterpriseKind.SME, province=qazvin)
    w.owner = UserFactory(username="dz-owner")
    MembershipFactory(user=w.owner, enterprise=w.firm, role=MembershipRole.OWNER)
    w.employee = UserFactory(username="dz-employee")
    MembershipFactory(user=w.employee, enterprise=w.firm, role=MembershipRole.EMPLOYEE)
    w.other_firm = EnterpriseFactory(kind=EnterpriseKind.SME, province=tehran)
    w.other_owner = UserFactory(username="dz-other-owner")
    MembershipFactory(user=w.other_owner, enterprise=w.other_firm, role=MembershipRole.OWNER)
    w.adviser_firm, w.adviser = make_adviser(province=tehran, username="dz-adviser")
    w.adviser_firm2, w.adviser2 = make_adviser(province=qazvin, username="dz-adviser2")
    w.outsider = UserFactory(username="dz-outsider")
    return w


def open_filing(w: SimpleNamespace, *, market: str = Market.SME_BOARD) -> Filing:
    return services.filing_create(user=w.owner, enterprise=w.firm, market=market)


def engage(w: SimpleNamespace, *, market: str = Market.SME_BOARD) -> Any:
    return services.engagement_create(
        user=w.owner, enterprise=w.firm, adviser=w.adviser_firm, market=market
    )


def engaged_filing(w: SimpleNamespace, *, market: str = Market.SME_BOARD) -> Filing:
    """A filing the firm's adviser has taken on (stage "adviser engaged")."""
    filing = open_filing(w, market=market)
    engage(w, market=market)
    return services.filing_transition(user=w.adviser, filing=filing, action="accept")


def complete_dossier(w: SimpleNamespace, filing: Filing) -> Filing:
    """Every document uploaded by the firm and accepted by the adviser."""
    for document in filing.documents.all():
        services.document_upload(user=w.owner, document=document, file=pdf())
        services.document_review(user=w.adviser, document=document, accept=True)
    filing.refresh_from_db()
    return filing


def filed(w: SimpleNamespace, *, market: str = Market.SME_BOARD) -> Filing:
    filing = complete_dossier(w, engaged_filing(w, market=market))
    services.filing_transition(user=w.adviser, filing=filing, action="complete")
    return services.filing_transition(user=w.adviser, filing=filing, action="file")
