"""Statement budgets of the ledger and of one invoice's lifecycle, exact, on each database.

On PostgreSQL a posting, a post and a void are each ONE statement (ledger.py: a data-modifying
CTE with its guards in WHERE, no savepoint); SQLite keeps the ORM path. A service that grows a
statement shows here first: each is a round trip inside the invoice's row lock."""

from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from karsaz.finance import ledger, services
from karsaz.finance.choices import AccountPurpose, EntryKind
from karsaz.finance.ledger import Leg, accounts_for
from karsaz.finance.verify import verify_ledger
from karsaz.testing import factories_finance as ff

pytestmark = pytest.mark.django_db

PG = connection.vendor == "postgresql"


def _capture(fn: Any, **kwargs: Any) -> tuple[list[str], Any]:
    with CaptureQueriesContext(connection) as ctx:
        result = fn(**kwargs)
    return [q["sql"] for q in ctx.captured_queries], result


def _count(fn: Any, **kwargs: Any) -> tuple[int, Any]:
    sqls, result = _capture(fn, **kwargs)
    return len(sqls), result


def test_posting_posting_and_voiding_a_pending_entry_are_one_statement_on_postgresql(world):
    a, b, c = accounts_for(
        [
            (world.financiers[0], AccountPurpose.FINANCIER_FUNDS),
            (world.supplier, AccountPurpose.SUPPLIER_CASH),
            (None, AccountPurpose.PLATFORM_FEES),
        ]
    )
    legs = [Leg(a, -10), Leg(b, 9), Leg(c, 1)]
    n, _entry = _count(ledger.post_entry, key="b1", kind=EntryKind.TRANSFER, legs=legs)
    # SQLite: savepoint, lock read, entry, postings, balances, sum check, release.
    assert n == (1 if PG else 7)
    n, pending = _count(
        ledger.post_entry, key="b2", kind=EntryKind.TRANSFER, legs=legs, pending=True
    )
    assert n == (1 if PG else 7)
    n, _posted = _count(ledger.post_pending, pending=pending, key="b2-post")
    # SQLite: savepoint, entry lock, resolution check, postings, account lock, entry,
    # postings, balances, sum check, release.
    assert n == (1 if PG else 10)
    other = ledger.post_entry(key="b3", kind=EntryKind.TRANSFER, legs=legs, pending=True)
    n, _voided = _count(ledger.void_pending, pending=other.pk, key="b3-void")
    assert n == (1 if PG else 9)
    n, _state = _count(ledger.post_entry, key="b4", kind=EntryKind.SUBMISSION)  # no money
    assert n == (1 if PG else 4)
    a.refresh_from_db()
    assert (a.posted_balance, a.pending_balance) == (-20, 0)
    assert verify_ledger() == []


def test_accounts_for_reads_every_account_in_one_query_in_the_order_asked(world):
    wanted = [
        (world.supplier, AccountPurpose.SUPPLIER_CASH),
        (None, AccountPurpose.BANK_CLEARING),
        (world.buyer.pk, AccountPurpose.BUYER_PAYABLE),
    ]
    first = accounts_for(wanted)  # created on first use
    n, again = _count(accounts_for, wanted=wanted)
    assert n == 1
    assert [x.pk for x in again] == [x.pk for x in first]
    assert [(x.enterprise_id, x.purpose) for x in again] == [
        (world.supplier.pk, AccountPurpose.SUPPLIER_CASH),
        (None, AccountPurpose.BANK_CLEARING),
        (world.buyer.pk, AccountPurpose.BUYER_PAYABLE),
    ]
    with pytest.raises(ValueError):
        accounts_for([(None, AccountPurpose.SUPPLIER_CASH)])


# Statements of each service call of a lifecycle once its accounts exist (the bench's loop),
# inside the test's transaction: each service's BEGIN and COMMIT are a SAVEPOINT and a RELEASE
# here, counted. On PostgreSQL it was 166 before the one-statement ledger and these services.
LIFECYCLE = {
    "submit": 7 if PG else 10,
    "approve (maker)": 7 if PG else 10,
    "approve (checker)": 8 if PG else 14,
    "request financing": 8 if PG else 11,
    "bid": 7,
    "take": 13 if PG else 19,
    "confirm disbursement": 7 if PG else 16,
    "repayment": 7 if PG else 13,
    "confirm repayment": 8 if PG else 17,
}


def _lifecycle(
    w: SimpleNamespace, number: str, log: dict[str, list[str]] | None = None
) -> dict[str, int]:
    counts: dict[str, int] = {}

    def step(name: str, fn: Any, **kwargs: Any) -> Any:
        sqls, result = _capture(fn, **kwargs)
        counts[name] = len(sqls)
        if log is not None:
            log[name] = sqls
        return result

    inv = step("submit", ff.submit, w=w, number=number)
    step("approve (maker)", services.invoice_approve, user=w.maker, invoice=inv)
    step("approve (checker)", services.invoice_approve, user=w.checker, invoice=inv)
    step("request financing", services.invoice_request_financing, user=w.supplier_user,
         invoice=inv)  # fmt: skip
    bid = step("bid", services.bid_place, user=w.financier_users[0], invoice=inv,
               financier=w.financiers[0], rate_bp=1800)  # fmt: skip
    stl = step("take", services.bid_take, user=w.supplier_user, invoice=inv, bid=bid)
    step("confirm disbursement", services.settlement_confirm, user=w.financier_users[0],
         settlement=stl)  # fmt: skip
    pay = step("repayment", services.repayment_start, user=w.maker, invoice=inv,
               amount=inv.net_amount)  # fmt: skip
    step("confirm repayment", services.settlement_confirm, user=w.financier_users[0],
         settlement=pay)  # fmt: skip
    return counts


def test_an_invoice_lifecycle_keeps_its_statement_budget(world):
    _lifecycle(world, "LC-1")  # creates the parties' accounts
    assert _lifecycle(world, "LC-2") == LIFECYCLE
    assert sum(LIFECYCLE.values()) == (72 if PG else 117)
    assert verify_ledger() == []


@pytest.mark.skipif(not PG, reason="the one-statement ledger is PostgreSQL's")
def test_the_ledger_statement_comes_last_so_shared_accounts_are_locked_briefly(world):
    """A posting locks its accounts until the commit, and some are shared by every invoice (the
    platform's fees and bank clearing, a buyer's payable): after the ledger's statement a service
    writes only the settlement row that names its entry, then commits."""
    _lifecycle(world, "LC-1")
    log: dict[str, list[str]] = {}
    _lifecycle(world, "LC-2", log)
    after = {}
    for name in ("approve (checker)", "take", "confirm disbursement", "repayment",
                 "confirm repayment"):  # fmt: skip
        sqls = log[name]
        last = max(i for i, sql in enumerate(sqls) if sql.startswith(("WITH v (", "WITH src ")))
        # The service's COMMIT is the RELEASE of the test transaction's savepoint here.
        rest = [sql for sql in sqls[last + 1 :] if not sql.startswith("RELEASE SAVEPOINT")]
        after[name] = [sql.split('"')[1] for sql in rest]
    settlement = ["finance_settlement"]
    assert after == {
        "approve (checker)": [],
        "take": settlement,
        "confirm disbursement": settlement,
        "repayment": settlement,
        "confirm repayment": settlement,
    }
