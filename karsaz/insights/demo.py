"""Demo data of insights: no records of its own; the aggregates of every module's demo."""

import random
from typing import Any

from karsaz.insights.services import refresh


def seed(*, rng: random.Random, stdout: Any) -> list[tuple[str, str, str]]:
    written = refresh(full=True)
    stdout.write(f"insights: {sum(written.values())} aggregate cells for {len(written)} facts\n")
    return []
