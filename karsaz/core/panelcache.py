"""Heavy workspace aggregates, cached per scope and dropped on writes.

A panel (the finance staff workspace: volumes by programme and province over every invoice) is
built once per scope and kept in Django's cache (`CACHES`, from CACHE_URL) for
KARSAZ_PANEL_CACHE_SECONDS. Each panel name has a version number in the cache; a write that
changes what the panel shows calls `panel_changed(name)` (the app's signal handlers do, on
commit), which bumps the version, so every scope's copy is stale at once without knowing their
keys; `drop_on_write` connects that to the models a panel reads. 0 seconds turns caching off
(the tests' setting).

The default cache is per process (locmem): a write is seen at once by the process that made it
and by the other workers within the timeout. A shared cache (README, Scaling out) makes the
version shared too, so every worker drops its copy at once.
"""

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

T = TypeVar("T")


def _version_key(name: str) -> str:
    return f"karsaz:panel:{name}:version"


def _version(name: str) -> int:
    version = cache.get(_version_key(name))
    if version is None:
        version = 1
        cache.add(_version_key(name), version, None)
    return int(version)


def cached_panel(name: str, scope: str, build: Callable[[], T]) -> T:
    """`build()`'s value for this panel and scope, from the cache when it is current."""
    seconds = int(getattr(settings, "KARSAZ_PANEL_CACHE_SECONDS", 0))
    if seconds <= 0:
        return build()
    key = f"karsaz:panel:{name}:{_version(name)}:{scope}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, seconds)
    return value


def panel_changed(name: str) -> None:
    """Every scope's copy of the panel is stale from now on."""
    try:
        cache.incr(_version_key(name))
    except ValueError:  # no version yet (a fresh cache): nothing was cached under it
        cache.add(_version_key(name), 1, None)


def drop_on_write(
    name: str, sources: Iterable[type[models.Model]], through: Iterable[type[models.Model]] = ()
) -> None:
    """Drops the panel when a row of `sources` is saved or deleted, or a many-to-many row of
    `through` changes. On commit, so a reader can neither cache the rows of a write that is then
    rolled back nor rebuild from the rows before it under the new version. Called from the
    owning app's `ready()`."""

    def changed(sender: Any, **kwargs: Any) -> None:
        transaction.on_commit(lambda: panel_changed(name), using=kwargs.get("using"))

    for model in sources:
        uid = f"panel-{name}-{model._meta.label}"
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-save")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-delete")
    for model in through:
        m2m_changed.connect(
            changed, sender=model, weak=False, dispatch_uid=f"panel-{name}-{model._meta.label}"
        )
