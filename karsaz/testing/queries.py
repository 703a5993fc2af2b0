"""Query budgets: a list or detail costs the same number of queries however many rows there are.

Each app's ``tests/test_query_budgets.py`` measures its endpoints and pages with N rows, grows the
data to 3N and measures again; both counts must equal the pinned budget. A count that grows with
the rows is an N+1 (fix it in the selector with select_related / prefetch_related); a count that
changes without growing is a budget to re-pin on purpose, with the reason in the commit.
"""

from collections.abc import Mapping
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

# Rows of every kind in the first measurement; the second has three times as many.
N = 2


def count_queries(client: Any, url: str, **extra: Any) -> int:
    """Queries one GET of ``url`` makes, after a first GET warms the per-process caches
    (content types, translations, the navigation) so that only the request's own work counts."""
    first = client.get(url, **extra)
    assert first.status_code == 200, f"{url} answered {first.status_code}"
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(ctx.captured_queries)


def measure(targets: Mapping[str, tuple[Any, str]]) -> dict[str, int]:
    """``{name: (client, url)}`` → ``{name: queries}``."""
    return {name: count_queries(client, url) for name, (client, url) in targets.items()}


def assert_budgets(
    small: Mapping[str, int], large: Mapping[str, int], budgets: Mapping[str, int]
) -> None:
    """Every target costs exactly its budget with N rows and with 3N rows."""
    got = {name: (small[name], large[name]) for name in small}
    assert got == {name: (b, b) for name, b in budgets.items()}, _explain(got, budgets)


def _explain(got: Mapping[str, tuple[int, int]], budgets: Mapping[str, int]) -> str:
    lines = []
    for name, (few, many) in got.items():
        if few != many:
            lines.append(f"{name}: {few} queries with N rows, {many} with 3N (an N+1)")
        elif few != budgets.get(name):
            lines.append(f"{name}: {few} queries, budget {budgets.get(name)}")
    return "; ".join(lines)
