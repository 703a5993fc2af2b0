"""Fragments of list pages rendered once and kept: filter forms and tables of rows.

**Filter forms.** The filter form of a list page (provinces, industrial parks, sectors: hundreds
of options) costs more to render than the rest of the page, yet its HTML depends only on the
form's class, the submitted values, the language and the rows behind its choices. So it is kept
as a panel (`core.panelcache`) named `FILTER_CHOICES`, which each app drops on writes to the rows
its filters' choices read (`drop_on_write` in its `ready()`). A choice queryset narrowed for a
user is keyed by its SQL, so two users share the HTML only when their choices are the same query.

**Tables.** A page of rows (`{% rowcache page %}…{% endrowcache %}` around a list's table) is
kept under a digest of the rows exactly as the page fetched them (every column of each row and
of the rows `select_related` and `prefetch_related` brought with it), its place in the list, the
language and the day: any change to a shown row changes the key, so nothing is dropped by hand
and nothing stale is shown; the query still runs, only the rendering is saved. The rows come
from the viewer's own scoped query, so the cached HTML holds nothing that viewer could not see;
what the block shows besides the rows' own columns (a per-viewer link, a value read by another
query) must be passed to the tag as a vary argument, or left outside the block.
"""

import hashlib
from collections.abc import Callable, Collection, Iterable
from typing import Any

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from karsaz.core.panelcache import cached_panel

FILTER_CHOICES = "filter-choices"
ROWS = "rows"


def filter_fields(form: forms.Form, exclude: Collection[str] = ()) -> SafeString:
    """Each field but `exclude`, as its label and widget, the way the list pages lay them out."""
    fields = [bound for bound in form if bound.name not in exclude]

    def build() -> str:
        return str(
            format_html_join(
                "",
                '<label for="{}">{}</label>{}',
                ((bound.id_for_label, bound.label, bound) for bound in fields),
            )
        )

    return mark_safe(cached_panel(FILTER_CHOICES, _key(form, fields), build))  # noqa: S308


def _key(form: forms.Form, fields: Iterable[forms.BoundField]) -> str:
    parts = [
        type(form).__module__,
        type(form).__qualname__,
        get_language() or "",
        form.prefix or "",
    ]
    for bound in fields:
        field = bound.field
        parts += [bound.name, repr(bound.value()), "!" if form.is_bound and bound.errors else ""]
        queryset = getattr(field, "queryset", None)
        if queryset is not None:
            parts.append(str(queryset.query))
        else:
            parts.append(repr(_labels(getattr(field, "choices", ()))))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _labels(choices: Iterable[Any]) -> list[Any]:
    """Choices with their (lazy) labels as text, groups flattened into nested lists."""
    return [
        (value, _labels(label) if isinstance(label, list | tuple) else str(label))
        for value, label in choices
    ]


def cached_rows(origin: str, page: Any, vary: Iterable[Any], render: Callable[[], str]) -> str:
    """The block's HTML for this page of rows, rendered by `render()` unless kept. A page whose
    rows are not model instances is always rendered."""
    rows = list(getattr(page, "object_list", ()))
    if not all(isinstance(row, models.Model) for row in rows):
        return render()
    paginator = page.paginator
    parts = [
        origin,
        get_language() or "",
        timezone.localdate().isoformat(),
        repr((page.number, paginator.count, paginator.num_pages)),
        repr(getattr(paginator, "count_is_estimate", False)),
        repr(list(vary)),
        *(_row_digest(row) for row in rows),
    ]
    key = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return cached_panel(ROWS, key, render)


def _row_digest(row: models.Model, depth: int = 0) -> str:
    """Every loaded column of `row` and of the rows `select_related` and `prefetch_related`
    brought with it."""
    columns = sorted(
        (k, v) for k, v in vars(row).items() if k not in ("_state", "_prefetched_objects_cache")
    )
    parts = [row._meta.label, repr(columns)]
    if depth < 4:
        for name, related in sorted(row._state.fields_cache.items()):
            parts += [name, _row_digest(related, depth + 1) if related is not None else "-"]
        for name, rows in sorted(getattr(row, "_prefetched_objects_cache", {}).items()):
            parts += [name, *(_row_digest(one, depth + 1) for one in rows)]
    return "".join(parts)
