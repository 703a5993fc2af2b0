"""Meeting slots from an event's days, hours, slot length and breaks, in Asia/Tehran."""

import datetime as dt
from zoneinfo import ZoneInfo

TEHRAN = ZoneInfo("Asia/Tehran")


def _time(value: str | dt.time) -> dt.time:
    if isinstance(value, dt.time):
        return value
    hours, minutes = value.split(":")
    return dt.time(int(hours), int(minutes))


def slot_times(
    *,
    starts_on: dt.date,
    days: int,
    day_start: dt.time,
    day_end: dt.time,
    slot_minutes: int,
    breaks: list[list[str]] | None = None,
) -> list[tuple[dt.date, dt.datetime, dt.datetime]]:
    """(day, start, end) of every slot, aware datetimes in Tehran; a slot never overlaps a break."""
    length = dt.timedelta(minutes=slot_minutes)
    pauses = sorted((_time(a), _time(b)) for a, b in (breaks or []))
    out = []
    for n in range(days):
        day = starts_on + dt.timedelta(days=n)
        start = dt.datetime.combine(day, day_start, TEHRAN)
        end_of_day = dt.datetime.combine(day, day_end, TEHRAN)
        while start + length <= end_of_day:
            end = start + length
            clash = next(
                (
                    b_end
                    for b_start, b_end in pauses
                    if start < dt.datetime.combine(day, b_end, TEHRAN)
                    and dt.datetime.combine(day, b_start, TEHRAN) < end
                ),
                None,
            )
            if clash is not None:
                start = dt.datetime.combine(day, clash, TEHRAN)
                continue
            out.append((day, start, end))
            start = end
    return out
