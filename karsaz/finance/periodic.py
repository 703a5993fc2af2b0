"""Periodic jobs of supply-chain finance (enqueued by `manage.py run_periodic`)."""

from karsaz.core.periodic import Every

JOBS = (
    # Expire unanswered invoices, close auctions, flag defaults, accrue penalties.
    Every(hours=1, task="karsaz.finance.tasks.finance_tick"),
    # Financiers that have not bid hear of an auction within two hours of its close, once.
    Every(minutes=30, task="karsaz.finance.tasks.remind_closing_auctions"),
    # Every invariant of the ledger; a breach is logged as critical and mailed to ADMINS.
    Every(days=1, task="karsaz.finance.tasks.check_ledger"),
)
