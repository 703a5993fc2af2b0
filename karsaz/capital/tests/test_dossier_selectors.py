"""The pipeline board's figures, the adviser directory's record, the prospectus draft's sources
and the firm's timeline, asserted exactly."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from karsaz.capital import selectors, services
from karsaz.capital.choices import AuditOpinion, DocumentStatus, FilingStage, Market
from karsaz.capital.models import (
    CapitalProfile,
    DossierDocument,
    Filing,
    FinancialStatement,
    StageChange,
)
from karsaz.registry.choices import MembershipRole
from karsaz.testing.factories import EnterpriseFactory, MembershipFactory, UserFactory
from karsaz.testing.factories_capital_dossier import engage, filed, open_filing

pytestmark = pytest.mark.django_db


def _age(filing: Filing, *, created: int, in_stage: int) -> None:
    now = timezone.now()
    Filing.objects.filter(pk=filing.pk).update(
        created_at=now - timedelta(days=created, hours=1),
        stage_since=now - timedelta(days=in_stage, hours=1),
    )


@pytest.fixture
def board_world(dw):
    a = open_filing(dw, market=Market.SME_BOARD)
    engage(dw, market=Market.SME_BOARD)
    services.filing_transition(user=dw.adviser, filing=a, action="accept")
    b = services.filing_create(user=dw.other_owner, enterprise=dw.other_firm, market="novafarin")
    c = open_filing(dw, market=Market.NOVAFARIN)
    DossierDocument.objects.filter(filing=b, kind="articles").update(status=DocumentStatus.ACCEPTED)
    DossierDocument.objects.filter(filing=b, kind="tax_clearance").update(
        status=DocumentStatus.CHANGES_REQUESTED
    )
    DossierDocument.objects.filter(filing=c).update(status=DocumentStatus.CHANGES_REQUESTED)
    _age(a, created=120, in_stage=30)
    _age(b, created=200, in_stage=200)
    _age(c, created=10, in_stage=10)
    return SimpleNamespace(a=a, b=b, c=c)


def test_board_figures(dw, board_world):
    board = selectors.pipeline_board(user=dw.national)
    assert board["total"] == 3 and board["stall_old"] == 2
    assert {k: v for k, v in board["by_stage"].items() if v} == {
        "preparation": 2,
        "adviser_engaged": 1,
    }
    rows = [(p.code, counts[:2]) for p, counts in board["by_province"]]
    assert rows == [("23", [1, 0]), ("26", [1, 1])]
    assert [(r.filing.pk, r.days_in_stage) for r in board["rows"]] == [
        (board_world.b.pk, 200),
        (board_world.a.pk, 30),
        (board_world.c.pk, 10),
    ]
    assert sorted((kind, n) for kind, _label, n in board["stalls"]) == [
        ("articles", 1),
        ("audited_statements", 2),
        ("board_minutes", 2),
        ("business_plan", 1),
        ("due_diligence", 2),
        ("insurance_clearance", 2),
        ("prospectus", 2),
        ("tax_clearance", 2),
    ]


def test_board_filters_and_provincial_scope(dw, board_world):
    novafarin = selectors.pipeline_board(user=dw.national, market="novafarin")
    assert {r.filing.pk for r in novafarin["rows"]} == {board_world.b.pk, board_world.c.pk}
    assert selectors.pipeline_board(user=dw.national, stage="adviser_engaged")["total"] == 1
    assert selectors.pipeline_board(user=dw.national, province=dw.tehran.pk)["total"] == 1
    # Provincial staff see their province only, whatever they ask for.
    tehran = selectors.pipeline_board(user=dw.tehran_officer, province=dw.qazvin.pk)
    assert tehran["total"] == 0
    qazvin = selectors.pipeline_board(user=dw.qazvin_officer)
    assert {r.filing.pk for r in qazvin["rows"]} == {board_world.a.pk, board_world.c.pk}
    assert sorted((kind, n) for kind, _label, n in qazvin["stalls"])[0] == ("articles", 1)
    # With a 5-day threshold the new filing stalls too (everything sent back).
    assert (
        dict(
            (kind, n)
            for kind, _l, n in selectors.pipeline_board(user=dw.national, stall_days=5)["stalls"]
        )["articles"]
        == 2
    )
    for user in (dw.owner, dw.adviser, dw.outsider):
        with pytest.raises(PermissionDenied):
            selectors.pipeline_board(user=user)


def _firm(dw, n: int) -> SimpleNamespace:
    firm = EnterpriseFactory(province=dw.qazvin)
    owner = UserFactory(username=f"dz-firm-{n}")
    MembershipFactory(user=owner, enterprise=firm, role=MembershipRole.OWNER)
    return SimpleNamespace(**{**vars(dw), "firm": firm, "owner": owner})


def test_adviser_directory_record_and_median_days(dw):
    for n, days in enumerate((10, 40, 20)):
        w = _firm(dw, n)
        filing = filed(w)
        services.filing_transition(user=dw.national, filing=filing, action="to_board")
        services.filing_transition(user=dw.national, filing=filing, action="admit")
        filed_at = StageChange.objects.get(filing=filing, to_stage=FilingStage.FILED).at
        StageChange.objects.filter(filing=filing, to_stage=FilingStage.ADMITTED).update(
            at=filed_at + timedelta(days=days)
        )
    open_filing(dw)
    engage(dw)  # a fourth filing, in progress
    records = {r.adviser.pk: r for r in selectors.adviser_directory()}
    mine = records[dw.adviser_firm.pk]
    assert (mine.filings, mine.admissions, mine.median_days) == (4, 3, 20.0)
    other = records[dw.adviser_firm2.pk]
    assert (other.filings, other.admissions, other.median_days) == (0, 0, None)


def test_prospectus_draft_shows_the_source_of_every_figure(dw):
    filing = open_filing(dw)
    FinancialStatement.objects.create(
        enterprise=dw.firm,
        fiscal_year=1402,
        revenue=50_000_000_000,
        operating_profit=6_000_000_000,
        net_profit=4_000_000_000,
        equity=20_000_000_000,
        total_assets=45_000_000_000,
        audit_opinion=AuditOpinion.UNQUALIFIED,
        entered_by=dw.owner,
        confirmed_by=dw.adviser,
        confirmed_at=timezone.now(),
    )
    FinancialStatement.objects.create(
        enterprise=dw.firm,
        fiscal_year=1403,
        revenue=61_000_000_000,
        operating_profit=7_000_000_000,
        net_profit=-1_000_000_000,
        equity=19_000_000_000,
        total_assets=47_000_000_000,
        audit_opinion=AuditOpinion.QUALIFIED,
        entered_by=dw.owner,
    )
    CapitalProfile.objects.create(
        enterprise=dw.firm, registered_capital=10_000_000_000, shareholders=12
    )
    draft = selectors.prospectus_draft(filing=filing)
    name = draft["company"][0]
    assert (name.label, name.value, name.source) == (
        "نام",
        dw.firm.name_fa,
        "سامانهٔ ثبت کارساز",
    )
    rows = [
        (r["statement"].fiscal_year, r["statement"].revenue, r["source"])
        for r in draft["statements"]
    ]
    assert rows == [
        (1403, 61_000_000_000, "صورت‌های مالی واردشده توسط شرکت، هنوز تأییدنشده"),
        (1402, 50_000_000_000, "صورت‌های مالی تأییدشده توسط مشاور"),
    ]
    declared = {f.label: (f.value, f.source) for f in draft["declared"]}
    declaration = "اظهار خود شرکت"
    assert declared["سرمایهٔ ثبتی"] == (10_000_000_000, declaration)
    assert declared["تعداد سهامداران"] == (12, declaration)
    assert declared["کمیتهٔ حسابرسی"] == (None, declaration)


def test_the_firms_timeline_lists_every_move(dw):
    filing = filed(dw)
    timeline = selectors.firm_timeline(user=dw.owner, enterprise_id=dw.firm.pk)
    assert [c.to_stage for c in timeline] == [
        "filed",
        "dossier_complete",
        "adviser_engaged",
        "preparation",
    ]
    assert [c.by for c in timeline] == [dw.adviser, dw.adviser, dw.adviser, dw.owner]
    assert not selectors.firm_timeline(user=dw.other_owner, enterprise_id=dw.firm.pk).exists()
    assert filing.stage == FilingStage.FILED
