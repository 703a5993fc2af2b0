"""Everything a web process loads once, loaded before it serves anyone: gunicorn's master calls
`warm_up()` after preloading the application and before forking its workers
(`gunicorn.conf.py`), so no worker pays a cold start on a user's request and the workers share
the loaded pages (copy-on-write).

The platform's own part (the URLconf, the base template, the Persian catalogue) is here; each
module adds its own through an optional `warm_up` hook on its AppConfig (technology: the
encoder and the match indexes). The master's database connections are closed at the end: a
forked worker must open its own, never share the master's socket."""

import logging
import time

from django.db import connections
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import translation

from karsaz.core import modules

log = logging.getLogger(__name__)


def _platform() -> None:
    get_resolver().url_patterns  # noqa: B018  (imports every module's views and URLconf)
    get_template("base.html")
    with translation.override("fa"):
        translation.gettext("Karsaz")


def warm_up() -> dict[str, float]:
    """Seconds each part took, by app label ("core" for the platform's part)."""
    seconds: dict[str, float] = {}
    try:
        for label, hook in {"core": _platform, **modules.hooks("warm_up")}.items():
            t0 = time.perf_counter()
            hook()
            seconds[label] = round(time.perf_counter() - t0, 3)
    finally:
        connections.close_all()
    log.info("warmed up: %s", seconds)
    return seconds
