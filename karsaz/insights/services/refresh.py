"""Compute the stored aggregates from the programmes' rows, in the database.

One GROUP BY per fact (and per batch of changed months): the rows never travel to Python, only
the cells do. A full refresh replaces a fact's cells; the incremental one recomputes the months
of rows changed since the last run (`Fact.changed`), which is what the hourly job does. Rows
that are deleted, or that change month, enterprise, province or size class without touching
`changed`, are caught by the nightly full refresh.
"""

import datetime as dt
import uuid
from typing import Any

from django.db import models, transaction
from django.db.models import CharField, Count, F, Max, Min, Sum, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from karsaz.core.facts import Fact
from karsaz.insights import catalog, months
from karsaz.insights.models import Cell, Generation, Refresh, Rollup
from karsaz.registry import sizing

BATCH = 2000


def _field(model: type[models.Model], path: str) -> models.Field:
    field: Any = None
    for part in path.split("__"):
        field = model._meta.get_field(part)
        if field.is_relation and field.related_model is not None:
            model = field.related_model
    return field


def _cells(fact: Fact, rows: models.QuerySet[Any], span: list[int], datetimes: bool) -> list[Cell]:
    def at(name: str) -> str:  # a path from the row ("" when the row is the enterprise)
        return f"{fact.enterprise}__{name}" if fact.enterprise else name

    value = Sum(fact.value()) if fact.value is not None else Count("pk")
    grouped = (
        rows.order_by()
        .annotate(
            _month=months.month_case(fact.date, span, datetimes=datetimes),
            _province=models.F(at("province_id")),
            _park=models.F(at("park_id")),
            _division=sizing.division_case(at("isic")),
            _size=sizing.size_case(at("employees")),
            _kind=models.F(at("kind")),
            _series=(Cast(fact.series, CharField()) if fact.series is not None else Value("")),
        )
        .filter(_month__isnull=False)
        .values("_month", "_province", "_park", "_division", "_size", "_kind", "_series")
        .annotate(
            _rows=Count("pk"),
            _total=Coalesce(value, 0, output_field=models.BigIntegerField()),
            _firms=Count(fact.enterprise or "pk", distinct=True),
        )
    )
    return [
        Cell(
            fact=fact.code,
            month=row["_month"],
            province_id=row["_province"],
            park_id=row["_park"],
            isic_division=row["_division"] or "",
            size_class=row["_size"],
            kind=row["_kind"],
            series=(row["_series"] or "")[:64],
            rows=row["_rows"],
            total=int(row["_total"]),
            firms=row["_firms"],
        )
        for row in grouped
    ]


def rollup(fact_code: str, months: list[int] | None = None) -> int:
    """Rebuild the roll-up of one fact (or of some of its months) from its cells: one GROUP BY
    over park and ISIC division. Returns the rows written."""
    cells = Cell.objects.filter(fact=fact_code)
    old = Rollup.objects.filter(fact=fact_code)
    if months is not None:
        cells, old = cells.filter(month__in=months), old.filter(month__in=months)
    old.delete()
    dims = ("month", "province_id", "size_class", "kind", "series")
    grouped = (
        cells.order_by()
        .values(*dims)
        .annotate(n=Sum("rows"), amount=Sum("total"), firm_count=Sum("firms"))
    )
    written = Rollup.objects.bulk_create(
        [
            Rollup(
                fact=fact_code,
                **{d: row[d] for d in dims},
                rows=row["n"],
                total=row["amount"],
                firms=row["firm_count"],
            )
            for row in grouped
        ],
        batch_size=BATCH,
    )
    return len(written)


def _span(fact: Fact, rows: models.QuerySet[Any]) -> list[int]:
    bounds = rows.order_by().aggregate(first=Min(fact.date), last=Max(fact.date))
    if bounds["first"] is None:
        return []
    return months.span(months.month_of(bounds["first"]), months.month_of(bounds["last"]))


def refresh_fact(fact: Fact, *, full: bool = False, now: dt.datetime | None = None) -> Refresh:
    """Recompute one fact's cells: all of them, or the months whose rows changed since the
    last run. Runs under the fact's row lock, so two refreshes of a fact never interleave."""
    started = now or timezone.now()
    model = fact.rows().model
    datetimes = isinstance(_field(model, fact.date), models.DateTimeField)
    with transaction.atomic():
        state, first_run = Refresh.objects.select_for_update().get_or_create(
            fact=fact.code,
            defaults={
                "started_at": started, "finished_at": started, "full": True, "months": 0,
                "cells": 0,
            },
        )  # fmt: skip
        # Incremental once the fact has a watermark (a run that found nothing changed leaves 0
        # months and 0 cells written, and must not turn the next run into a full one).
        incremental = not full and fact.changed is not None and not first_run
        rows = fact.rows()
        if incremental:
            changed = rows.filter(**{f"{fact.changed}__gte": state.started_at}).order_by()
            dates = changed.values_list(fact.date, flat=True).distinct()  # no model ordering
            touched = sorted({months.month_of(d) for d in dates if d})
            cells = (
                _cells(fact, rows.filter(months.within(fact.date, touched, datetimes=datetimes)),
                       months.span(touched[0], touched[-1]), datetimes)
                if touched else []
            )  # fmt: skip
            Cell.objects.filter(fact=fact.code, month__in=touched).delete()
            recomputed, redone = len(touched), touched
        else:
            span = _span(fact, rows)
            cells = _cells(fact, rows, span, datetimes) if span else []
            Cell.objects.filter(fact=fact.code).delete()
            recomputed, redone = len(span), None
        Cell.objects.bulk_create(cells, batch_size=BATCH)
        rollup(fact.code, redone)
        state.started_at = started
        state.finished_at = timezone.now()
        state.full = not incremental
        state.months = recomputed
        state.cells = len(cells)
        state.save()
        bump_generation()  # last, so the row is locked only until the commit just after
    return state


def bump_generation() -> Generation:
    """A new refresh generation: every dashboard cached under the last one is stale."""
    now, token = timezone.now(), uuid.uuid4().hex
    bumped = Generation.objects.filter(pk=1).update(
        number=F("number") + 1, token=token, bumped_at=now
    )
    if not bumped:
        Generation.objects.get_or_create(
            pk=1, defaults={"number": 1, "token": token, "bumped_at": now}
        )
    return Generation.objects.get(pk=1)


def refresh(*, full: bool = False, codes: list[str] | None = None) -> dict[str, int]:
    """Refresh every fact (or those named): {code: cells written}."""
    found = catalog.facts()
    chosen = [found[c] for c in codes] if codes else list(found.values())
    return {fact.code: refresh_fact(fact, full=full).cells for fact in chosen}
