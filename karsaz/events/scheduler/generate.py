"""Random instances shaped like a real brokerage event, for the benchmark and the tests.

Two days of `slots_per_day` slots; one table per `per_table` delegates; every delegate asks for
about `requests_each / 2` meetings (so takes part in about `requests_each`), partners drawn with
a skewed popularity (buyers and large firms attract more requests); 30% must-meet (weight 3),
the rest would-like (weight 1); maxima between 6 and 14; a third of the delegates miss a
half-day block.
"""

from __future__ import annotations

import random
from typing import Any


def generate(
    delegates: int,
    *,
    seed: int = 0,
    requests_each: int = 10,
    days: int = 2,
    slots_per_day: int = 16,
    per_table: int = 5,
    time_limit_s: float = 20.0,
) -> dict[str, Any]:
    rng = random.Random(seed)
    slots = list(range(1, days * slots_per_day + 1))
    day_groups = [slots[k * slots_per_day : (k + 1) * slots_per_day] for k in range(days)]
    tables = [f"T{n}" for n in range(1, max(1, delegates // per_table) + 1)]
    participants: list[dict[str, Any]] = []
    for d in range(1, delegates + 1):
        unavailable: list[int] = []
        if rng.random() < 1 / 3:
            group = rng.choice(day_groups)
            length = rng.randint(4, slots_per_day // 2)
            start = rng.choice([0, slots_per_day - length])
            unavailable = group[start : start + length]
        participants.append(
            {"id": d, "unavailable": unavailable, "max_meetings": rng.randint(6, 14)}
        )
    popularity = [rng.paretovariate(2.0) for _ in range(delegates)]
    pairs: set[tuple[int, int]] = set()
    requests: list[dict[str, Any]] = []
    ids = list(range(1, delegates + 1))
    for d in ids:
        for partner in rng.choices(ids, weights=popularity, k=requests_each // 2):
            pair = (min(d, partner), max(d, partner))
            if partner == d or pair in pairs:
                continue
            pairs.add(pair)
            requests.append(
                {
                    "id": len(requests) + 1,
                    "participants": [d, partner],
                    "weight": 3 if rng.random() < 0.3 else 1,
                }
            )
    return {
        "slots": slots,
        "days": day_groups,
        "tables": tables,
        "participants": participants,
        "requests": requests,
        "time_limit_s": time_limit_s,
    }
