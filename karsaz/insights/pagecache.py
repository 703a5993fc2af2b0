"""The rendered figures of a dashboard, cached per refresh generation.

A dashboard's figures change only when the refresh job runs, so the rendered fragments (the
figures, their charts, the map) are kept in Django's cache under a key made of:
- the refresh generation (`selectors.generation`, a new token at every refresh of any fact:
  a refresh makes every cached page stale at once, nothing has to be deleted);
- the page's place and filters (the cleaned values: `۱۴۰۴` and `1404` are one key), the
  figure on the map, the page's language and the user's currency (rials or toman);
- the scope's key (`InsightsScope.cache_key`): national staff, one province's office, or
  everyone else (public figures, suppressed). Nothing else about the user reaches the
  fragments, so two users with one scope key see the same bytes.
Before the first refresh there is no generation and nothing is cached (the figures would be
the empty cube's). The cache is the deployment's default cache (`CACHES`): per process
(local memory) unless a shared one is configured; either way the key's generation keeps it
right. `INSIGHTS_PAGE_CACHE_SECONDS` (default a day) bounds how long an entry lives; 0 turns
the cache off.
"""

import hashlib
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

from karsaz.insights import selectors
from karsaz.insights.permissions import InsightsScope

PREFIX = "insights:page:"


def timeout() -> int:
    return int(getattr(settings, "INSIGHTS_PAGE_CACHE_SECONDS", 24 * 3600))


def key(
    *, scope: InsightsScope, place: dict[str, Any], filters: dict[str, Any], map_code: str,
    lang: str, currency: str,
) -> str | None:  # fmt: skip
    """The cache key of one dashboard for one scope, or None when nothing may be cached."""
    if timeout() <= 0:
        return None
    generation = selectors.generation()
    if generation is None:
        return None
    parts = [
        generation,
        scope.cache_key,
        lang,
        currency,
        "&".join(f"{k}={place[k]}" for k in sorted(place)),
        "&".join(f"{k}={filters.get(k) or ''}" for k in sorted(filters)),
        map_code,
    ]
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()
    return f"{PREFIX}{digest}"


def get(cache_key: str | None) -> dict[str, SafeString] | None:
    if cache_key is None:
        return None
    found = cache.get(cache_key)
    if not isinstance(found, dict):
        return None
    return {name: mark_safe(html) for name, html in found.items()}  # noqa: S308 (our own render)


def put(cache_key: str | None, fragments: Mapping[str, str]) -> None:
    if cache_key is not None:
        cache.set(cache_key, {name: str(html) for name, html in fragments.items()}, timeout())
