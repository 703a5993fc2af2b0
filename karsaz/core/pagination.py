"""Pages of long lists without `COUNT(*)` over every row.

A list's count is exact up to `KARSAZ_EXACT_COUNT_LIMIT` rows (counted over a LIMITed subquery,
so it reads at most that many rows plus one) and beyond it, on PostgreSQL, the planner's row
estimate of the same query (`EXPLAIN`, which reads `reltuples` and the column statistics and no
rows). Counting a million enterprises exactly took 0.3 to 1 s a page; nobody reads the last digit
of «حدود ۱٬۰۰۰٬۰۰۰». Other databases (SQLite: a laptop, a small office) always count exactly.

`count_is_estimate` tells the page («حدود …») and the API (`count_is_estimate`) which it is.
Past the real end of an estimated list a page is simply empty.
"""

import json
from typing import Any

from django.conf import settings
from django.core import paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property


def exact_count_limit() -> int:
    return int(getattr(settings, "KARSAZ_EXACT_COUNT_LIMIT", 1_000))


def planner_estimate(queryset: QuerySet[Any]) -> int | None:
    """PostgreSQL's estimate of the rows `queryset` returns, or None elsewhere."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    # Only the row count matters: no ordering, no joined columns, so the plan is the cheapest.
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class Paginator(paginator.Paginator):
    """Django's paginator whose count is exact up to a limit and estimated past it."""

    count_is_estimate = False

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if not isinstance(rows, QuerySet):
            return len(rows)
        limit = exact_count_limit()
        # The LIMIT makes this `SELECT COUNT(*) FROM (SELECT … LIMIT n)`: at most n rows read.
        counted = rows.order_by()[: limit + 1].count()
        if counted <= limit:
            return counted
        estimate = planner_estimate(rows)
        if estimate is None:
            return rows.count()
        self.count_is_estimate = True
        # The estimate is never below what was counted: past the limit means past the limit.
        return max(estimate, limit + 1)
