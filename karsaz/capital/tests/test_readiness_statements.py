"""Declarations and statements: entered by the firm's editor, confirmed by its engaged adviser
only; a change clears the confirmation; bad input is refused whole with its codes."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from karsaz.capital import selectors, services
from karsaz.capital.models import CapitalProfile, FinancialStatement
from karsaz.core.errors import error_codes
from karsaz.core.money import MAX_RIALS
from karsaz.testing.factories_capital_readiness import B, StatementFactory, readiness_world

pytestmark = pytest.mark.django_db

GOOD = {
    "fiscal_year": 1402, "revenue": 500 * B, "operating_profit": 60 * B, "net_profit": -4 * B,
    "equity": 120 * B, "total_assets": 400 * B, "retained_earnings": -2 * B,
    "audit_opinion": "qualified", "auditor": "مؤسسه حسابرسی ياس",
}  # fmt: skip


@pytest.fixture
def w():
    return readiness_world()


def test_the_editor_enters_a_statement_and_the_adviser_confirms_it(w):
    s = services.statement_create(user=w.owner, enterprise=w.firm, data=GOOD)
    assert (s.fiscal_year, s.net_profit, s.retained_earnings, s.confirmed_at) == (
        1402,
        -4 * B,
        -2 * B,
        None,
    )
    assert s.auditor == "مؤسسه حسابرسی یاس"  # stored normalized (Arabic ي → ی)
    assert s.entered_by == w.owner
    confirmed = services.statement_confirm(user=w.adviser_user, statement=s)
    assert confirmed.confirmed_by == w.adviser_user and confirmed.confirmed_at is not None
    with pytest.raises(ValidationError) as exc:
        services.statement_confirm(user=w.adviser_user, statement=s)
    assert error_codes(exc.value) == {"statement": ["invalid_state"]}


def test_changing_a_confirmed_statement_clears_the_confirmation(w):
    s = services.statement_create(user=w.owner, enterprise=w.firm, data=GOOD)
    services.statement_confirm(user=w.adviser_user, statement=s)
    same = services.statement_update(user=w.owner, statement=s, data={"revenue": 500 * B})
    assert same.confirmed_at is not None  # nothing changed: the confirmation stands
    changed = services.statement_update(user=w.owner, statement=s, data={"revenue": 501 * B})
    changed.refresh_from_db()
    assert (changed.revenue, changed.confirmed_at, changed.confirmed_by) == (501 * B, None, None)


@pytest.mark.parametrize("who", ["employee", "other_owner", "idle_adviser_user", "owner"])
def test_only_the_engaged_adviser_confirms(w, who):
    s = StatementFactory(enterprise=w.firm)
    with pytest.raises(ValidationError) as exc:
        services.statement_confirm(user=getattr(w, who), statement=s)
    assert error_codes(exc.value) == {"statement": ["not_engaged"]}
    assert FinancialStatement.objects.get(pk=s.pk).confirmed_at is None


def test_a_revoked_engagement_ends_the_right_to_confirm(w):
    w.engagement.state, w.engagement.revoked_at, w.engagement.revoked_by = (
        "revoked", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), w.owner
    )  # fmt: skip
    w.engagement.save()
    s = StatementFactory(enterprise=w.firm)
    with pytest.raises(ValidationError):
        services.statement_confirm(user=w.adviser_user, statement=s)


@pytest.mark.parametrize("who", ["employee", "other_owner", "adviser_user"])
def test_only_the_firms_editor_enters_figures(w, who):
    with pytest.raises(PermissionDenied):
        services.statement_create(user=getattr(w, who), enterprise=w.firm, data=GOOD)
    with pytest.raises(PermissionDenied):
        services.profile_save(user=getattr(w, who), enterprise=w.firm, data={"float_pct": 5})
    assert not FinancialStatement.objects.exists() and not CapitalProfile.objects.exists()


@pytest.mark.parametrize(
    ("change", "codes"),
    [
        ({"fiscal_year": 1349}, {"fiscal_year": ["invalid"]}),
        ({"fiscal_year": 1500}, {"fiscal_year": ["invalid"]}),
        ({"fiscal_year": "۱۴۰۲"}, {"fiscal_year": ["invalid"]}),
        ({"fiscal_year": None}, {"fiscal_year": ["required"]}),
        ({"revenue": -1}, {"revenue": ["invalid"]}),
        ({"total_assets": -1}, {"total_assets": ["invalid"]}),
        ({"revenue": "12a"}, {"revenue": ["invalid"]}),
        ({"revenue": 12.5}, {"revenue": ["invalid"]}),
        ({"revenue": True}, {"revenue": ["invalid"]}),
        ({"equity": MAX_RIALS + 1}, {"equity": ["invalid"]}),
        ({"net_profit": -MAX_RIALS - 1}, {"net_profit": ["invalid"]}),
        ({"audit_opinion": "glowing"}, {"audit_opinion": ["invalid"]}),
        ({"auditor": "x" * 129}, {"auditor": ["invalid"]}),
        ({"revenue": None, "equity": "x"}, {"revenue": ["required"], "equity": ["invalid"]}),
    ],
)
def test_bad_statements_are_refused_whole(w, change, codes):
    with pytest.raises(ValidationError) as exc:
        services.statement_create(user=w.owner, enterprise=w.firm, data={**GOOD, **change})
    assert error_codes(exc.value) == codes
    assert not FinancialStatement.objects.exists()


def test_a_fiscal_year_entered_twice_is_refused(w):
    services.statement_create(user=w.owner, enterprise=w.firm, data=GOOD)
    with pytest.raises(ValidationError) as exc:
        services.statement_create(user=w.owner, enterprise=w.firm, data=GOOD)
    assert error_codes(exc.value) == {"fiscal_year": ["already_exists"]}
    other = services.statement_create(
        user=w.owner, enterprise=w.firm, data={**GOOD, "fiscal_year": 1401}
    )
    with pytest.raises(ValidationError) as exc:
        services.statement_update(user=w.owner, statement=other, data={"fiscal_year": 1402})
    assert error_codes(exc.value) == {"fiscal_year": ["already_exists"]}
    assert FinancialStatement.objects.get(pk=other.pk).fiscal_year == 1401
    # Another firm may have the same year.
    services.statement_create(user=w.other_owner, enterprise=w.other, data=GOOD)


def test_profile_declaration_and_its_bad_input(w):
    p = services.profile_save(
        user=w.owner, enterprise=w.firm,
        data={"registered_capital": 40 * B, "float_pct": 15, "audit_committee": False},
    )  # fmt: skip
    assert (p.registered_capital, p.float_pct, p.audit_committee, p.ir_officer) == (
        40 * B,
        15,
        False,
        None,
    )
    for data, codes in (
        ({"float_pct": 101}, {"float_pct": ["invalid"]}),
        ({"registered_capital": -5}, {"registered_capital": ["invalid"]}),
        ({"registered_capital": 1.5}, {"registered_capital": ["invalid"]}),
        ({"shareholders": "many"}, {"shareholders": ["invalid"]}),
        ({"ir_officer": "maybe"}, {"ir_officer": ["invalid"]}),
        ({"founded_on": dt.date.today() + dt.timedelta(days=1)}, {"founded_on": ["invalid"]}),
    ):
        with pytest.raises(ValidationError) as exc:
            services.profile_save(user=w.owner, enterprise=w.firm, data=data)
        assert error_codes(exc.value) == codes
    assert CapitalProfile.objects.get(enterprise=w.firm).float_pct == 15


def test_who_sees_whose_statements(w, users):
    mine = StatementFactory(enterprise=w.firm)
    theirs = StatementFactory(enterprise=w.other)
    seen = lambda user: set(selectors.statements_for(user).values_list("pk", flat=True))  # noqa: E731
    assert seen(w.owner) == seen(w.employee) == {mine.pk}
    assert seen(w.other_owner) == {theirs.pk}
    assert seen(w.adviser_user) == {mine.pk}
    assert seen(w.idle_adviser_user) == set()
    assert seen(users.national) == {mine.pk, theirs.pk}
    assert seen(users.qazvin_officer) == {mine.pk}
    assert seen(users.tehran_officer) == {theirs.pk}
    assert seen(users.outsider) == set()
