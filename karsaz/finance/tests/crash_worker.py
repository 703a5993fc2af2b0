"""Run by test_crash.py in a separate process against its own SQLite file (never collected).

setup          migrate, build a programme and a taken unit; print the pending settlement id
settle ID      confirm that settlement, but stop dead after the postings are written (the
               parent SIGKILLs the process there)
check ID       print the state as JSON, then confirm the settlement properly and print again
"""

import json
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "karsaz.settings_test")
django.setup()

from django.core.management import call_command  # noqa: E402

from karsaz.finance import ledger, services  # noqa: E402
from karsaz.finance.models import Account, JournalEntry, Posting, Settlement  # noqa: E402
from karsaz.finance.verify import verify_ledger  # noqa: E402


def state(pk: int) -> dict:
    stl = Settlement.objects.select_related("invoice").get(pk=pk)
    return {
        "breaches": verify_ledger(),
        "phase": stl.phase,
        "invoice_state": stl.invoice.state,
        "resolutions": JournalEntry.objects.filter(resolves=stl.pending_entry).count(),
        "postings": Posting.objects.count(),
        "posted_total": sum(Account.objects.values_list("posted_balance", flat=True)),
    }


def main() -> None:
    mode = sys.argv[1]
    if mode == "setup":
        call_command("migrate", verbosity=0)
        call_command("load_reference", verbosity=0)
        from karsaz.testing import factories_finance as ff

        w = ff.finance_world(suffix="crash")
        settlement = ff.taken(w)
        print(json.dumps({"settlement": settlement.pk, **state(settlement.pk)}), flush=True)
    elif mode == "settle":
        pk = int(sys.argv[2])
        original = ledger._assert_balanced_in_db

        def stop_dead(entry: JournalEntry) -> None:
            original(entry)
            print("MIDWAY", flush=True)  # postings written, balances moved, nothing committed
            time.sleep(120)

        ledger._assert_balanced_in_db = stop_dead  # type: ignore[assignment]
        stl = Settlement.objects.get(pk=pk)
        services.settlement_confirm(user=_banker(stl), settlement=stl)
        print("COMMITTED", flush=True)
    elif mode == "check":
        pk = int(sys.argv[2])
        before = state(pk)
        stl = Settlement.objects.get(pk=pk)
        services.settlement_confirm(user=_banker(stl), settlement=stl)
        print(json.dumps({"before": before, "after": state(pk)}), flush=True)


def _banker(stl: Settlement):  # type: ignore[no-untyped-def]
    from karsaz.registry.models import Membership

    return Membership.objects.filter(enterprise_id=stl.invoice.financier_id).first().user


if __name__ == "__main__":
    main()
