"""The `firm_timeline` hook: what happened to one enterprise in each programme.

Each programme offers `firm_timeline(enterprise_id) -> list[TimelineEvent]` from
`karsaz/<app>/timeline.py` (declared in its AppConfig's `hooks`); insights merges them, sorted
by date, on the firm's own page. An event says what happened and when, with an amount in rials
where there is one; never a note, a confidential detail or another party's name: the page is
seen by the firm's members, national staff and the firm's provincial officer, and each of them
sees every programme's events.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class TimelineEvent:
    at: dt.datetime | dt.date  # a date is the start of that day, Tehran time, when sorted
    kind: str  # a stable code, "<app>.<what>", e.g. "clinics.case_closed"
    title: str  # what happened, in the page's language
    amount: int | None = None  # rials, where the event has one
    count: int | None = None  # jobs, hours, …: a number the title names

    @property
    def moment(self) -> dt.datetime:
        if isinstance(self.at, dt.datetime):
            return self.at
        return timezone.make_aware(dt.datetime.combine(self.at, dt.time.min))
