"""Everything a web process loads once, loaded before it serves anyone: gunicorn's master calls
`warm_up()` after preloading the application and before forking its workers
(`gunicorn.conf.py`), so no worker pays a cold start on a user's request and the workers share
the loaded pages (copy-on-write).

The platform's own part (the URLconf and its reverse indexes, the templates, the Persian
catalogue) is here: without the indexes and templates, a fresh worker's first registry list at a
million firms took 204 ms against 12-18 ms after it, with them about 100 (the rest is the
per-process caches filling). Each module adds its own through an optional `warm_up` hook on
its AppConfig (technology: the encoder and the match indexes). The master's database
connections are closed at the end: a forked worker must open its own, never share the
master's socket."""

import contextlib
import logging
import time
from pathlib import Path

import django.forms
from django.conf import settings
from django.db import connections
from django.forms.renderers import get_default_renderer
from django.template.loader import get_template
from django.template.utils import get_app_template_dirs
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse
from django.utils import translation

import karsaz
from karsaz.core import modules

log = logging.getLogger(__name__)


def _platform() -> None:
    index_urls()
    compile_templates()
    with translation.override("fa"):
        translation.gettext("Karsaz")


def index_urls() -> int:
    """Imports every module's views and URLconf and builds, in each language, what `reverse()`
    and `{% url %}` read: the root's reverse index and each namespace's resolver (one reverse
    into a namespace builds it, whether or not that name needs arguments), otherwise built by
    a worker's first page. Returns how many namespaces were reversed into."""
    names: list[str] = []
    pending: list[tuple[str, URLResolver]] = [("", get_resolver())]
    while pending:
        prefix, resolver = pending.pop()
        for namespace, (_pattern, sub) in resolver.namespace_dict.items():
            some = next((n for n in sub.reverse_dict if isinstance(n, str)), None)
            if some:
                names.append(f"{prefix}{namespace}:{some}")
            pending.append((f"{prefix}{namespace}:", sub))
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            get_resolver().reverse_dict  # noqa: B018
            for name in names:
                # A name that takes arguments raises, after its namespace is built.
                with contextlib.suppress(NoReverseMatch):
                    reverse(name)
    return len(names)


def compile_templates() -> int:
    """Parses every template of Karsaz's apps and of Django's form widgets into the template
    loaders' caches (kept per process when DEBUG is off), otherwise parsed by the first page
    that uses them. Returns how many were compiled."""
    package = Path(karsaz.__file__).resolve().parent
    ours = [Path(d) for d in get_app_template_dirs("templates") if package in Path(d).parents]
    widgets = Path(django.forms.__file__).resolve().parent / "templates"
    found = 0
    for roots, load in ((ours, get_template), ([widgets], get_default_renderer().get_template)):
        for root in roots:
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                load(path.relative_to(root).as_posix())
                found += 1
    return found


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
