import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from karsaz.finance import ledger
from karsaz.finance.choices import EntryKind, EntryPhase
from karsaz.finance.ledger import Leg
from karsaz.finance.models import Account, ImmutableError, JournalEntry, Posting
from karsaz.finance.verify import verify_ledger
from karsaz.testing import factories_finance as ff

pytestmark = pytest.mark.django_db


def test_unbalanced_or_zero_or_float_entries_are_refused(accounts):
    a, b, _c = accounts
    for legs in ([Leg(a, -10), Leg(b, 9)], [Leg(a, 0), Leg(b, 0), Leg(a, 1)],
                 [Leg(a, -1.0), Leg(b, 1.0)]):  # fmt: skip
        with pytest.raises(ValidationError):
            ledger.post_entry(key=f"x{len(legs)}{legs[0].amount}", kind=EntryKind.TRANSFER,
                              legs=legs)  # fmt: skip
    assert not JournalEntry.objects.exists() and not Posting.objects.exists()


def test_postings_are_immutable_in_code_and_in_the_database(accounts):
    a, b, _c = accounts
    entry = ledger.post_entry(key="t1", kind=EntryKind.TRANSFER, legs=[Leg(a, -5), Leg(b, 5)])
    posting = entry.postings.first()
    original = posting.amount
    posting.amount = 6
    with pytest.raises(ImmutableError):
        posting.save()
    with pytest.raises(ImmutableError):
        posting.delete()
    with pytest.raises(ImmutableError):
        Posting.objects.filter(entry=entry).update(amount=1)
    with pytest.raises(ImmutableError):
        JournalEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE finance_posting SET amount = 7 WHERE id = %s", [posting.pk])
    assert Posting.objects.get(pk=posting.pk).amount == original


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL triggers only")
def test_database_refuses_deletes_and_unbalanced_entries_at_commit(accounts):
    a, b, _c = accounts
    entry = ledger.post_entry(key="t2", kind=EntryKind.TRANSFER, legs=[Leg(a, -5), Leg(b, 5)])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM finance_posting WHERE entry_id = %s", [entry.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO finance_posting (entry_id, account_id, amount, pending) "
            "VALUES (%s, %s, 1, false)",
            [entry.pk, a.pk],
        )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # what COMMIT would do
    assert verify_ledger() == []


def test_two_phase_post_and_void_happen_once(accounts):
    a, b, c = accounts
    pending = ledger.post_entry(
        key="p1", kind=EntryKind.TRANSFER, pending=True, legs=[Leg(a, -10), Leg(b, 9), Leg(c, 1)]
    )
    a.refresh_from_db()
    assert (a.posted_balance, a.pending_balance) == (0, -10)
    ledger.post_pending(pending, key="p1-post")
    with pytest.raises(ValidationError):
        ledger.post_pending(pending, key="p1-post-again")
    with pytest.raises(ValidationError):
        ledger.void_pending(pending, key="p1-void")
    a.refresh_from_db()
    assert (a.posted_balance, a.pending_balance) == (-10, 0)
    other = ledger.post_entry(
        key="p2", kind=EntryKind.TRANSFER, pending=True, legs=[Leg(a, -3), Leg(b, 3)]
    )
    ledger.void_pending(other, key="p2-void")
    a.refresh_from_db()
    assert (a.posted_balance, a.pending_balance) == (-10, 0)
    assert ledger.balances(a) == {"posted": -10, "pending": 0}
    assert verify_ledger() == []


def test_corrections_are_reversing_entries(accounts):
    a, b, _c = accounts
    entry = ledger.post_entry(key="r1", kind=EntryKind.TRANSFER, legs=[Leg(a, -8), Leg(b, 8)])
    ledger.reverse_entry(entry, key="r1-rev", reason="typo")
    with pytest.raises(ValidationError):
        ledger.reverse_entry(entry, key="r1-rev2", reason="again")
    a.refresh_from_db()
    assert a.posted_balance == 0 and Posting.objects.count() == 4
    assert verify_ledger() == []


def test_the_same_entry_key_posts_once(accounts):
    a, b, _c = accounts
    ledger.post_entry(key="once", kind=EntryKind.TRANSFER, legs=[Leg(a, -1), Leg(b, 1)])
    with pytest.raises(ValidationError):
        ledger.post_entry(key="once", kind=EntryKind.TRANSFER, legs=[Leg(a, -1), Leg(b, 1)])
    assert Posting.objects.count() == 2


def test_verify_ledger_finds_breaches_and_the_command_exits_non_zero(world):
    ff.financed(world)
    call_command("verify_ledger")  # clean
    account = Account.objects.filter(posted_balance__gt=0).first()
    Account.objects.filter(pk=account.pk).update(posted_balance=account.posted_balance + 1)
    breaches = verify_ledger()
    assert any(f"account {account.pk} posted balance" in b for b in breaches)
    with pytest.raises(CommandError):
        call_command("verify_ledger")


def test_verify_ledger_catches_a_limit_out_of_step(world):
    ff.financed(world)
    from karsaz.finance.models import Limit

    Limit.objects.filter(kind="buyer").update(used=0)
    assert any("reserves 0" in b for b in verify_ledger())


def test_verify_ledger_catches_a_post_unlike_its_pending_entry(accounts):
    a, b, c = accounts
    legs = [Leg(a, -7), Leg(b, 7)]
    held = ledger.post_entry(key="h1", kind=EntryKind.TRANSFER, legs=legs, pending=True)
    kept = ledger.post_entry(key="h2", kind=EntryKind.TRANSFER, legs=legs, pending=True)
    honest = ledger.post_pending(kept, key="p2")
    assert verify_ledger() == []
    # Balanced, and on the same amounts, but to another account than its pending entry held.
    forged = JournalEntry.objects.create(
        idempotency_key="p1", kind=EntryKind.TRANSFER, phase=EntryPhase.POST_PENDING, resolves=held
    )
    Posting.objects.bulk_create(
        [Posting(entry=forged, account=a, amount=-7), Posting(entry=forged, account=c, amount=7)]
    )
    unlike = [b for b in verify_ledger() if "does not post exactly" in b]
    assert unlike == [f"entry {forged.pk} does not post exactly its pending entry"]
    assert honest.pk != forged.pk


def test_the_daily_ledger_check_logs_and_mails_a_breach(world, settings, caplog):
    from django.core import mail

    from karsaz.finance.tasks import check_ledger

    settings.ADMINS = [("ops", "ops@karsaz.example")]
    ff.financed(world)
    assert check_ledger.call() == [] and not mail.outbox
    account = Account.objects.filter(posted_balance__gt=0).first()
    Account.objects.filter(pk=account.pk).update(posted_balance=account.posted_balance + 1)
    breaches = check_ledger.call()
    assert breaches and mail.outbox[-1].to == ["ops@karsaz.example"]
    assert breaches[0] in mail.outbox[-1].body
    assert any(r.levelname == "CRITICAL" and "ledger breach" in r.message for r in caplog.records)
