"""Assessment: every criterion met, not met or unknown from its source; scores; gaps opened,
closed and referred; rule-set versions never rewrite an assessment."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from karsaz.capital import services
from karsaz.capital.choices import AuditOpinion, EvidenceSource, GapStatus, Market, Outcome
from karsaz.capital.models import Assessment, CriterionResult, Gap, MarketResult, RuleSet
from karsaz.capital.services.readiness import collect_facts, publish_new_version
from karsaz.core.errors import error_codes
from karsaz.testing.factories_capital_readiness import (
    B,
    ProfileFactory,
    StatementFactory,
    readiness_world,
    three_years,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return readiness_world()


def outcomes(assessment: Assessment, market: str) -> dict[str, str]:
    result = MarketResult.objects.get(assessment=assessment, rule_set__market=market)
    return {
        row.criterion.key: row.outcome
        for row in CriterionResult.objects.filter(market_result=result).select_related("criterion")
    }


def result(assessment: Assessment, market: str) -> MarketResult:
    return MarketResult.objects.get(assessment=assessment, rule_set__market=market)


def test_a_firm_with_nothing_declared_is_unknown_not_failed(w):
    a = services.assess(user=w.owner, enterprise=w.firm)
    sme = outcomes(a, Market.SME_BOARD)
    # Registry facts are known: founded 2015 (registered), 40 employees.
    assert sme["years_active"] == Outcome.MET
    assert a.facts["years_active"]["source"] == EvidenceSource.REGISTRY
    assert a.facts["years_active"]["confirmed"] is True
    for key in ("audited_years", "acceptable_opinion", "profit_last_year", "registered_capital",
                "float_pct", "independent_director", "audit_committee"):  # fmt: skip
        assert sme[key] == Outcome.UNKNOWN, key
    # No finance history: zero defaults is a fact of Karsaz's records.
    assert sme["finance_defaults"] == Outcome.MET
    r = result(a, Market.SME_BOARD)
    assert (r.total, r.met, r.unknown) == (13, 2, 11)
    # weights: years_active 2 + finance_defaults 2 of 22
    assert r.score == 4 * 100 // 22 == 18
    # Every market in force at once.
    assert MarketResult.objects.filter(assessment=a).count() == 4


def test_a_ready_firm_meets_the_sme_market(w):
    three_years(w.firm)
    ProfileFactory(enterprise=w.firm)
    a = services.assess(user=w.owner, enterprise=w.firm)
    assert set(outcomes(a, Market.SME_BOARD).values()) == {Outcome.MET}
    assert result(a, Market.SME_BOARD).score == 100
    # The first market asks for 300 billion rials of capital: 50 is not enough.
    first = outcomes(a, Market.FIRST_MARKET)
    assert first["registered_capital"] == Outcome.NOT_MET
    assert first["equity_ratio_pct"] == Outcome.MET  # 120 / 400 = 30% >= 20%
    assert a.facts["equity_ratio_pct"]["value"] == 30
    assert a.facts["profitable_years"]["value"] == 3
    # Unconfirmed statements say so.
    assert a.facts["audited_years"]["source"] == EvidenceSource.STATEMENT
    assert a.facts["audited_years"]["confirmed"] is False
    assert a.facts["audited_years"]["evidence"] == "1403، 1402، 1401"


@pytest.mark.parametrize(
    ("fields", "key", "expected"),
    [
        ({"net_profit": -1}, "profit_last_year", Outcome.NOT_MET),
        ({"net_profit": 1}, "profit_last_year", Outcome.MET),
        ({"retained_earnings": -1}, "no_accumulated_loss", Outcome.NOT_MET),
        ({"retained_earnings": 0}, "no_accumulated_loss", Outcome.MET),
        ({"audit_opinion": AuditOpinion.ADVERSE}, "acceptable_opinion", Outcome.NOT_MET),
        ({"audit_opinion": AuditOpinion.DISCLAIMER}, "acceptable_opinion", Outcome.NOT_MET),
        ({"audit_opinion": AuditOpinion.QUALIFIED}, "acceptable_opinion", Outcome.MET),
        ({"audit_opinion": AuditOpinion.UNAUDITED}, "audited_years", Outcome.NOT_MET),
    ],
)
def test_statement_facts(w, fields, key, expected):
    StatementFactory(enterprise=w.firm, fiscal_year=1403, **fields)
    StatementFactory(enterprise=w.firm, fiscal_year=1402)
    a = services.assess(user=w.owner, enterprise=w.firm)
    assert outcomes(a, Market.SME_BOARD)[key] == expected


def test_audited_years_stop_at_a_gap_or_an_unaudited_year(w):
    StatementFactory(enterprise=w.firm, fiscal_year=1403)
    StatementFactory(enterprise=w.firm, fiscal_year=1401)  # 1402 missing
    facts = collect_facts([w.firm])[w.firm.pk]
    assert facts["audited_years"]["value"] == 1
    StatementFactory(enterprise=w.other, fiscal_year=1403)
    StatementFactory(enterprise=w.other, fiscal_year=1402, audit_opinion=AuditOpinion.UNAUDITED)
    StatementFactory(enterprise=w.other, fiscal_year=1401)
    assert collect_facts([w.other])[w.other.pk]["audited_years"]["value"] == 1


@pytest.mark.parametrize(
    ("fields", "key", "expected"),
    [
        ({"registered_capital": 30 * B}, "registered_capital", Outcome.MET),
        ({"registered_capital": 30 * B - 1}, "registered_capital", Outcome.NOT_MET),
        ({"registered_capital": None}, "registered_capital", Outcome.UNKNOWN),
        ({"float_pct": 10}, "float_pct", Outcome.MET),
        ({"float_pct": 9}, "float_pct", Outcome.NOT_MET),
        ({"shareholders": 49}, "shareholders", Outcome.NOT_MET),
        ({"independent_director": False}, "independent_director", Outcome.NOT_MET),
        ({"independent_director": None}, "independent_director", Outcome.UNKNOWN),
        ({"audit_committee": False}, "audit_committee", Outcome.NOT_MET),
        ({"internal_controls": None}, "internal_controls", Outcome.UNKNOWN),
        ({"ir_officer": True}, "ir_officer", Outcome.MET),
    ],
)
def test_declared_facts(w, fields, key, expected):
    ProfileFactory(enterprise=w.firm, **fields)
    a = services.assess(user=w.owner, enterprise=w.firm)
    assert outcomes(a, Market.SME_BOARD)[key] == expected
    if expected != Outcome.UNKNOWN:
        assert a.facts[key]["source"] == EvidenceSource.DECLARATION


def test_years_active_prefers_the_declared_founding(w):
    ProfileFactory(enterprise=w.firm, founded_on=dt.date.today() - dt.timedelta(days=400))
    a = services.assess(user=w.owner, enterprise=w.firm)
    assert a.facts["years_active"]["value"] == 1
    assert a.facts["years_active"]["source"] == EvidenceSource.DECLARATION
    assert outcomes(a, Market.SME_BOARD)["years_active"] == Outcome.NOT_MET
    assert outcomes(a, Market.NOVAFARIN)["years_active"] == Outcome.MET


def test_confirmed_statements_are_marked(w):
    statements = three_years(w.firm)
    for s in statements:
        services.statement_confirm(user=w.adviser_user, statement=s)
    a = services.assess(user=w.owner, enterprise=w.firm)
    assert a.facts["profit_last_year"]["source"] == EvidenceSource.CONFIRMED_STATEMENT
    row = CriterionResult.objects.get(
        market_result__assessment=a,
        market_result__rule_set__market=Market.SME_BOARD,
        criterion__key="profit_last_year",
    )
    assert (row.confirmed, row.value, row.evidence) == (True, "yes", "1403")


def test_gaps_open_close_and_are_tracked(w):
    first = services.assess(user=w.owner, enterprise=w.firm)
    open_keys = set(
        Gap.objects.filter(enterprise=w.firm, market=Market.SME_BOARD).values_list("key", flat=True)
    )
    assert open_keys == {
        "audited_years", "acceptable_opinion", "profit_last_year", "no_accumulated_loss",
        "registered_capital", "float_pct", "shareholders", "independent_director",
        "audit_committee", "internal_controls", "ir_officer",
    }  # fmt: skip
    # Assessing again opens nothing twice.
    services.assess(user=w.owner, enterprise=w.firm)
    assert Gap.objects.filter(enterprise=w.firm, market=Market.SME_BOARD).count() == 11
    ProfileFactory(enterprise=w.firm)
    third = services.assess(user=w.owner, enterprise=w.firm)
    closed = Gap.objects.get(enterprise=w.firm, market=Market.SME_BOARD, key="float_pct")
    assert closed.status == GapStatus.CLOSED
    assert closed.opened_by == first and closed.closed_by == third
    assert closed.closed_at is not None
    still = Gap.objects.get(enterprise=w.firm, market=Market.SME_BOARD, key="audited_years")
    assert still.status == GapStatus.OPEN
    # A later regression reopens a new gap beside the closed one.
    w.firm.capital_profile.float_pct = 1
    w.firm.capital_profile.save()
    services.assess(user=w.owner, enterprise=w.firm)
    assert list(
        Gap.objects.filter(enterprise=w.firm, market=Market.SME_BOARD, key="float_pct")
        .order_by("id")
        .values_list("status", flat=True)
    ) == [GapStatus.CLOSED, GapStatus.OPEN]


def test_a_gap_is_referred_to_a_clinic(w):
    from karsaz.clinics.models import Case

    services.assess(user=w.owner, enterprise=w.firm)
    gap = Gap.objects.get(enterprise=w.firm, market=Market.SME_BOARD, key="internal_controls")
    with pytest.raises(PermissionDenied):
        services.gap_refer(user=w.employee, gap=gap)
    referred = services.gap_refer(user=w.owner, gap=gap)
    case = Case.objects.get(pk=referred.clinic_referral_id)
    assert case.enterprise_id == w.firm.pk
    assert "Internal controls" in case.problem or "کنترل" in case.problem
    assert referred.status == GapStatus.REFERRED and referred.referred_at is not None
    with pytest.raises(ValidationError) as exc:
        services.gap_refer(user=w.owner, gap=gap)
    assert error_codes(exc.value) == {"gap": ["invalid_state"]}
    # Meeting the criterion closes a referred gap too.
    ProfileFactory(enterprise=w.firm)
    services.assess(user=w.owner, enterprise=w.firm)
    gap.refresh_from_db()
    assert gap.status == GapStatus.CLOSED


def test_a_new_rule_set_version_never_changes_an_old_assessment(w):
    ProfileFactory(enterprise=w.firm, registered_capital=40 * B)
    old = services.assess(user=w.owner, enterprise=w.firm)
    v1 = RuleSet.objects.get(market=Market.SME_BOARD, version=1)
    v2 = publish_new_version(rule_set=v1)
    assert (v2.version, v2.active) == (2, True)
    v1.refresh_from_db()
    assert v1.active is False
    assert v2.criteria.count() == v1.criteria.count() == 13
    v2.criteria.filter(key="registered_capital").update(threshold=50 * B)
    new = services.assess(user=w.owner, enterprise=w.firm)
    assert result(old, Market.SME_BOARD).rule_set == v1
    assert outcomes(old, Market.SME_BOARD)["registered_capital"] == Outcome.MET
    assert result(new, Market.SME_BOARD).rule_set == v2
    assert outcomes(new, Market.SME_BOARD)["registered_capital"] == Outcome.NOT_MET
    assert MarketResult.objects.filter(assessment=new).count() == 4


def test_assess_is_refused_outside_the_scope(w, users):
    with pytest.raises(PermissionDenied):
        services.assess(user=w.other_owner, enterprise=w.firm)
    with pytest.raises(PermissionDenied):
        services.assess(user=w.idle_adviser_user, enterprise=w.firm)
    with pytest.raises(PermissionDenied):
        services.assess(user=users.tehran_officer, enterprise=w.firm)
    assert services.assess(user=users.qazvin_officer, enterprise=w.firm).made_by == (
        users.qazvin_officer
    )
    assert services.assess(user=w.adviser_user, enterprise=w.firm).pk
    assert Assessment.objects.filter(enterprise=w.firm).count() == 2


def test_assess_many_matches_assess_one_by_one(w):
    three_years(w.firm)
    ProfileFactory(enterprise=w.firm)
    StatementFactory(enterprise=w.other, fiscal_year=1403, net_profit=-5)
    many = {a.enterprise_id: a for a in services.assess_many([w.firm.pk, w.other.pk], batch=1)}
    one = services.assess(user=w.owner, enterprise=w.firm)
    assert outcomes(many[w.firm.pk], Market.FIRST_MARKET) == outcomes(one, Market.FIRST_MARKET)
    assert outcomes(many[w.other.pk], Market.SME_BOARD)["profit_last_year"] == Outcome.NOT_MET
