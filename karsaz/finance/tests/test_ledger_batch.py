"""Resolving many pending entries at once: the same outcome as one `post_pending` /
`void_pending` each, all or nothing, and (PostgreSQL) the same statements for any number."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from karsaz.core.errors import error_codes
from karsaz.finance import ledger
from karsaz.finance.choices import EntryKind, EntryPhase
from karsaz.finance.ledger import Leg
from karsaz.finance.ledger_batch import resolve_pending_many
from karsaz.finance.models import Account, JournalEntry, Posting
from karsaz.finance.verify import verify_ledger

pytestmark = pytest.mark.django_db

N = 4
# Statements of a batch inside the test's transaction: SAVEPOINT, lock the entries, lock the
# accounts with their sums, the one resolving statement, RELEASE. SQLite loops over the
# ledger's post_pending / void_pending (statements per entry below, plus the savepoint pair).
SET_STATEMENTS = 5
SQLITE_PER_ENTRY = {True: 10, False: 9}  # capture copies the postings and checks their sum


def pend(accounts, n: int, tag: str, amount: int = 10) -> list[JournalEntry]:
    a, b, c = accounts
    return [
        ledger.post_entry(
            key=f"{tag}-{i}",
            kind=EntryKind.TRANSFER,
            pending=True,
            legs=[Leg(a, -amount - i), Leg(b, amount), Leg(c, i)]
            if i
            else [Leg(a, -amount), Leg(b, amount)],
        )
        for i in range(n)
    ]


def state(*accounts: Account) -> list[tuple[int, int]]:
    return [
        tuple(Account.objects.values_list("posted_balance", "pending_balance").get(pk=a.pk))
        for a in accounts
    ]


def test_capture_many_posts_each_entry_exactly_as_it_was_pending(accounts):
    a, b, c = accounts
    entries = pend(accounts, N, "cap")  # a: -(10+11+12+13), b: 4 × 10, c: 0+1+2+3
    assert state(a, b, c) == [(0, -46), (0, 40), (0, 6)]
    done = resolve_pending_many(entries, True, keys=[f"cap-post-{e.pk}" for e in entries])
    assert sorted(done) == [e.pk for e in entries]
    assert state(a, b, c) == [(-46, 0), (40, 0), (6, 0)]
    for e in entries:
        post = JournalEntry.objects.get(pk=done[e.pk])
        assert (post.phase, post.resolves_id, post.kind) == (
            EntryPhase.POST_PENDING,
            e.pk,
            EntryKind.TRANSFER,
        )
        assert post.idempotency_key == f"cap-post-{e.pk}"
        assert sorted(post.postings.values_list("account_id", "amount", "pending")) == sorted(
            (acc, amt, False) for acc, amt in e.postings.values_list("account_id", "amount")
        )
    assert ledger.balances(a) == {"posted": -46, "pending": 0}
    assert verify_ledger() == []


def test_void_many_moves_nothing(accounts):
    a, b, c = accounts
    entries = pend(accounts, N, "void")
    before = Posting.objects.count()
    done = resolve_pending_many(entries, False, keys=[f"void-r-{e.pk}" for e in entries])
    assert Posting.objects.count() == before  # a void has no postings
    assert state(a, b, c) == [(0, 0), (0, 0), (0, 0)]
    assert set(
        JournalEntry.objects.filter(pk__in=done.values()).values_list("phase", flat=True)
    ) == {EntryPhase.VOID_PENDING}
    with pytest.raises(ValidationError) as e:  # once only, by the single path too
        ledger.post_pending(entries[0], key="late-post")
    assert error_codes(e.value) == {"__all__": ["resolved"]}
    assert verify_ledger() == []


def test_empty_batch_writes_nothing(accounts):
    with CaptureQueriesContext(connection) as ctx:
        assert resolve_pending_many([], True, keys=[]) == {}
    assert len(ctx.captured_queries) == 0


@pytest.mark.parametrize("capture", [True, False])
def test_statements_do_not_grow_with_the_batch(accounts, capture):
    counts = []
    for n in (N, 3 * N):
        entries = pend(accounts, n, f"n{n}")
        with CaptureQueriesContext(connection) as ctx:
            resolve_pending_many(entries, capture, keys=[f"n{n}-r-{e.pk}" for e in entries])
        counts.append(len(ctx.captured_queries))
    if connection.vendor == "postgresql":
        assert counts == [SET_STATEMENTS, SET_STATEMENTS]
    else:
        per = SQLITE_PER_ENTRY[capture]
        assert counts == [3 + per * N, 3 + per * 3 * N]
    assert verify_ledger() == []


def test_a_batch_is_all_or_nothing(accounts):
    a, b, c = accounts
    entries = pend(accounts, N, "all")
    ledger.void_pending(entries[2], key="one-already")
    final = ledger.post_entry(key="final", kind=EntryKind.TRANSFER, legs=[Leg(a, -1), Leg(b, 1)])
    snapshot = (state(a, b, c), JournalEntry.objects.count(), Posting.objects.count())
    cases = [
        (entries, [f"k{e.pk}" for e in entries], {"__all__": ["resolved"]}),  # one voided
        ([entries[0], final], ["k1", "k2"], {"__all__": ["invalid"]}),  # final, not pending
        ([entries[0], entries[0]], ["k1", "k2"], {"__all__": ["resolved"]}),  # one twice
        ([entries[0], entries[1]], ["k1", "one-already"], {"idempotency_key": ["duplicate"]}),
        ([entries[0], entries[1]], ["same", "same"], {"idempotency_key": ["duplicate"]}),
    ]
    for batch, keys, code in cases:
        for capture in (True, False):
            with pytest.raises(ValidationError) as e:
                resolve_pending_many(batch, capture, keys=keys)
            assert error_codes(e.value) == code, (keys, capture)
            assert (state(a, b, c), JournalEntry.objects.count(), Posting.objects.count()) == (
                snapshot
            )
    with pytest.raises(ValueError, match="one idempotency key per entry"):
        resolve_pending_many(entries[:2], True, keys=["only-one"])
    assert verify_ledger() == []


def test_ids_and_entries_both_accepted_and_user_recorded(accounts, world):
    entries = pend(accounts, 2, "ids")
    done = resolve_pending_many(
        [entries[0].pk, entries[1]], True, keys=["i0", "i1"], reason="close", user=world.national
    )
    rows = JournalEntry.objects.filter(pk__in=done.values())
    assert set(rows.values_list("reason", "created_by")) == {("close", world.national.pk)}
