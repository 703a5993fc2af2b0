"""Periodic jobs of the capital programme (enqueued by `manage.py run_periodic`)."""

from karsaz.core.periodic import Every

JOBS = (
    Every(days=7, task="karsaz.capital.tasks.reassess_declared_firms"),
    # A campaign opens and closes within the hour of its time; the close is all or nothing.
    Every(hours=1, task="karsaz.capital.tasks.open_and_close_campaigns"),
    Every(days=1, task="karsaz.capital.tasks.flag_overdue_reports"),
    # Repayment delays (finance) and clinic flags of firms with an open or funded campaign.
    Every(days=1, task="karsaz.capital.tasks.warn_from_firm_records"),
)
