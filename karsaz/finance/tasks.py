"""Background work of supply-chain finance, on the `finance` queue (its own worker: auctions
close and invoices go overdue on time whatever else is queued)."""

import logging

from django.core.mail import mail_admins
from django_tasks import task

from karsaz.finance import services
from karsaz.finance.verify import verify_ledger

log = logging.getLogger(__name__)


@task(queue_name="finance")
def finance_tick() -> dict[str, int]:
    """Expire unanswered invoices, close auctions, flag defaults and accrue penalties.
    Schedule it hourly (cron: `manage.py finance_tick`, or enqueue this task)."""
    return services.finance_tick()


@task(queue_name="finance")
def remind_closing_auctions() -> int:
    """Reminds the financiers that have not bid of the auctions closing soon (once each)."""
    return services.auctions_remind_closing()


@task(queue_name="finance")
def check_ledger() -> list[str]:
    """Every ledger invariant (``verify_ledger``), daily: a breach is logged as critical and
    mailed to ``ADMINS`` (``KARSAZ_ADMINS``); money stops being trusted until someone looks."""
    breaches = verify_ledger()
    if breaches:
        for line in breaches:
            log.critical("ledger breach: %s", line)
        mail_admins(
            subject=f"Karsaz ledger: {len(breaches)} breach(es)",
            message="\n".join(breaches),
            fail_silently=True,  # the log above already holds the breaches
        )
    return breaches
