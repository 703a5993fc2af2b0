"""Facts from Karsaz's own records, through the `firm_record` hooks: finance (invoices,
repayments, days late, defaults), clinics (diagnosis scores, closed cases), technology (signed
deals). Each provider answers a whole batch in a constant number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from karsaz.capital.choices import EvidenceSource
from karsaz.capital.services.readiness import collect_facts
from karsaz.clinics.record import firm_record as clinics_record
from karsaz.finance import services as finance
from karsaz.finance.models import Invoice
from karsaz.finance.record import firm_record as finance_record
from karsaz.technology.choices import AgreementType, ProposalState
from karsaz.technology.models import Proposal
from karsaz.technology.record import firm_record as technology_record
from karsaz.testing import factories_clinics as fc
from karsaz.testing import factories_finance as ff
from karsaz.testing import factories_technology as ft
from karsaz.testing.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_finance_record_of_supplier_and_buyer():
    w = ff.finance_world()
    on_time = ff.financed(w, days=30)
    repay = finance.repayment_start(user=w.maker, invoice=on_time, amount=on_time.net_amount)
    finance.settlement_confirm(user=w.financier_users[0], settlement=repay)
    # An invoice issued 65 days ago, due 30 days ago, never repaid: a default, 30 days late.
    late = ff.financed(w, days=30)
    today = timezone.localdate()
    Invoice.objects.filter(pk=late.pk).update(
        issue_date=today - dt.timedelta(days=65), due_date=today - dt.timedelta(days=30)
    )
    finance.finance_tick(now=timezone.now())
    ff.submit(w)  # submitted, not financed
    record = finance_record([w.supplier.pk, w.buyer.pk, w.other_supplier.pk])
    assert record[w.supplier.pk] == {
        "invoices_submitted": 3, "invoices_financed": 2, "repayments": 0,
        "repayments_on_time": 0, "max_days_late": None, "finance_defaults": 0,
    }  # fmt: skip
    assert record[w.buyer.pk] == {
        "invoices_submitted": 0, "invoices_financed": 0, "repayments": 1,
        "repayments_on_time": 1, "max_days_late": 30, "finance_defaults": 1,
    }  # fmt: skip
    facts = collect_facts([w.buyer])[w.buyer.pk]
    assert facts["finance_defaults"] == {
        "value": 1, "source": EvidenceSource.FINANCE, "evidence": "", "confirmed": True,
    }  # fmt: skip
    # No repayment owed yet: the delay is unknown, not zero.
    assert "max_days_late" not in collect_facts([w.supplier])[w.supplier.pk]


def test_clinics_record_reads_the_latest_diagnosis_and_closed_cases():
    w = fc.clinic_world()
    case = fc.open_case(w, weak=("finance",))
    record = clinics_record([w.sme.pk, w.other_sme.pk])
    assert record[w.other_sme.pk] == {"clinic_cases_closed": 0}
    assert record[w.sme.pk]["clinic_finance_score"] == case.scores["finance"]
    assert record[w.sme.pk]["clinic_cases_closed"] == 0
    assert record[w.sme.pk]["clinic_finance_score"] < record[w.sme.pk]["clinic_strategy_score"]


def test_technology_record_counts_signed_deals_on_both_sides():
    w = ft.tech_world()
    Proposal.objects.create(
        need=w.need, capability=w.capability, state=ProposalState.SIGNED, pitch="x",
        agreement_type=AgreementType.LICENSING, agreement_value=7_000_000_000,
        agreement_date=dt.date(2026, 1, 1),
    )  # fmt: skip
    Proposal.objects.create(
        need=w.need, capability=w.lab_capability, state=ProposalState.PROPOSED, pitch="y"
    )
    record = technology_record([w.sme.pk, w.firm.pk, w.lab.pk])
    assert record[w.sme.pk] == {"deals_signed": 1, "deals_value": 7_000_000_000}
    assert record[w.firm.pk] == {"deals_signed": 1, "deals_value": 7_000_000_000}
    assert record[w.lab.pk] == {"deals_signed": 0, "deals_value": 0}


def test_collect_facts_costs_the_same_for_one_firm_and_for_thirty():
    firms = [EnterpriseFactory() for _ in range(30)]

    def count(batch):
        with CaptureQueriesContext(connection) as ctx:
            collect_facts(batch)
        return len(ctx)

    assert count(firms[:1]) == count(firms) == 6
