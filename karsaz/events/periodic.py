"""Periodic jobs of the events app (enqueued by `manage.py run_periodic`)."""

from karsaz.core.periodic import Every

JOBS = (
    # Pages treat past-deadline requests as expired already; this records it in the rows.
    Every(minutes=15, task="karsaz.events.tasks.expire_requests"),
    # Each delegate hears of each meeting once, within the hour before it (booking.py).
    Every(minutes=10, task="karsaz.events.tasks.remind_meetings"),
)
