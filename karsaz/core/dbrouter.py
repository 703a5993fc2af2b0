"""Reads of busy public lists from a PostgreSQL streaming replica, everything else from the
primary (README, Scaling out).

With DATABASE_REPLICA_URL set, settings add a `replica` database alias and name it in
KARSAZ_READ_REPLICA. A selector decorated `@replica_safe` then reads from the replica (its eager
queries through `ReplicaRouter.db_for_read`, the queryset it returns through `.using()`), but only
within a GET or HEAD request of a user who has not written anything for
KARSAZ_REPLICA_PIN_SECONDS: after any other request `PrimaryPinMiddleware` pins the browser to the
primary (a cookie) for that long, so a user sees their own write although the replica lags behind
by a moment. Outside a request (tasks, commands, services) everything reads the primary.
Writes always go to the primary.
"""

from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

PIN_COOKIE = "karsaz_primary"
SAFE_METHODS = frozenset({"GET", "HEAD"})

# True (the primary) unless a request said otherwise: tasks and commands never read a replica.
_pinned: ContextVar[bool] = ContextVar("karsaz_primary_pinned", default=True)
# Set while a replica-safe selector runs, so its own queries go to the replica too.
_reading: ContextVar[bool] = ContextVar("karsaz_replica_reading", default=False)

F = TypeVar("F", bound=Callable[..., Any])


def read_alias() -> str:
    """Where a replica-safe read goes now."""
    replica: str = settings.KARSAZ_READ_REPLICA
    return replica if replica and not _pinned.get() else DEFAULT_DB_ALIAS


def replica_safe(selector: F) -> F:
    """Marks a selector whose rows may be a moment old (a public list, a directory)."""

    @wraps(selector)
    def read(*args: Any, **kwargs: Any) -> Any:
        alias = read_alias()
        if alias == DEFAULT_DB_ALIAS:
            return selector(*args, **kwargs)
        token = _reading.set(True)
        try:
            result = selector(*args, **kwargs)
        finally:
            _reading.reset(token)
        if isinstance(result, QuerySet) and getattr(result, "_db", None) is None:
            result = result.using(alias)
        return result

    return read  # type: ignore[return-value]


class ReplicaRouter:
    """DATABASE_ROUTERS entry: inert without a replica."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return read_alias() if _reading.get() else None

    def db_for_write(self, model: Any, **hints: Any) -> str:
        # An object read from the replica is saved to the primary, never to the replica.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica holds the primary's rows: relations between them are sound

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


class PrimaryPinMiddleware:
    """Reads of replica-safe selectors go to the replica only in a GET or HEAD from a browser
    without the pin cookie; any other request sets the cookie."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        safe = request.method in SAFE_METHODS
        token = _pinned.set(not safe or PIN_COOKIE in request.COOKIES)
        try:
            response = self.get_response(request)
        finally:
            _pinned.reset(token)
        if not safe and settings.KARSAZ_READ_REPLICA:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.KARSAZ_REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
