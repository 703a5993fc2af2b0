"""`X-Query-Count`: how many SQL statements a request ran, on every response (for bench/web.py,
which reads it at two row counts to tell a page whose queries grow with its rows).

Installed first in MIDDLEWARE by `KARSAZ_QUERY_COUNT=1` (settings), so it counts the session and
user look-ups too; it counts through Django's `execute_wrapper`, so it works with `DEBUG=0`
and keeps no query text."""

from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

from django.db import connections
from django.http import HttpRequest, HttpResponse


class QueryCountMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        count = 0

        def counted(
            execute: Callable[..., Any], sql: str, params: Any, many: bool, ctx: Any
        ) -> Any:
            nonlocal count
            count += 1
            return execute(sql, params, many, ctx)

        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(counted))
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        return response
