"""Sign-in throttling on top of django-axes: the real client address, and two limits.

- ``client_ip``: behind ``KARSAZ_PROXY_COUNT`` reverse proxies the client is the address the
  outermost trusted proxy appended to ``X-Forwarded-For`` (counted from the right, so a forged
  left part is ignored); with no proxy it is ``REMOTE_ADDR``. DRF's throttles use the same count
  (``NUM_PROXIES``).
- ``PerAddressHandler``: axes locks a (username, address) pair after ``AXES_FAILURE_LIMIT``
  failures; this handler also locks an address after ``KARSAZ_ADDRESS_FAILURE_LIMIT`` failures
  over all usernames, so spraying one password across accounts is slowed too. An owner locked
  out of their own account gets it back by resetting the password by e-mail
  (``clear_lockout``).
"""

import ipaddress
from datetime import timedelta
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as the configured proxies report it (AXES_CLIENT_IP_CALLABLE)."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.KARSAZ_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop for hop in forwarded.split(",") if hop.strip()]
        if hops:
            # Each proxy appends the address it saw: the n-th from the right came from the
            # outermost proxy we trust; anything left of it is the client's own claim.
            found = _valid(hops[-min(proxies, len(hops))])
            if found:
                return found
    return remote


class PerAddressHandler(AxesDatabaseHandler):
    """Axes' database handler with a second, looser limit per client address."""

    def get_failures(self, request: Any, credentials: dict | None = None) -> int:
        pair = super().get_failures(request, credentials)
        attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        address = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
        # Scaled so that axes' one comparison (failures >= AXES_FAILURE_LIMIT) holds exactly when
        # the address reached KARSAZ_ADDRESS_FAILURE_LIMIT.
        scaled = address * settings.AXES_FAILURE_LIMIT // settings.KARSAZ_ADDRESS_FAILURE_LIMIT
        return max(pair, scaled)


def retry_after_seconds(request: HttpRequest | None = None) -> int:
    """The cool-off as whole seconds, for the Retry-After header of a 429."""
    cool_off = get_cool_off(request) or timedelta(0)
    return max(1, int(cool_off.total_seconds()))


def clear_lockout(*, username: str) -> int:
    """Forgets the failed sign-ins of one account (every address): used after the owner proved
    control of the account's e-mail by resetting the password."""
    from axes.utils import reset

    return int(reset(username=username))


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: dict | None = None
) -> HttpResponse:
    """The sign-in page's answer while locked out (AXES_LOCKOUT_CALLABLE): 429, Retry-After."""
    response = render(request, "accounts/locked_out.html", status=429)
    response["Retry-After"] = str(retry_after_seconds(request))
    return response
