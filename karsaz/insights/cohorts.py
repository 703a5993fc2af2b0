"""Cohorts: clinic clients against comparable firms that had no clinic case.

A comparable firm has the same size class (`KARSAZ_SIZE_BOUNDS`) and ISIC division as a client
and never had a clinic case (the clinics' `clinic_clients` hook). Both groups are measured with
the same yardstick, the firms' own records:
- jobs change: employees now against employees a year ago (the registry's change history; a
  firm registered less than a year ago, or with no record from then, is not measured);
- sales change: revenue of the last confirmed financial statement against the year before
  (capital's `sales_change` hook; firms without two consecutive confirmed years are not
  measured).
Each stratum (size class × division with at least one client) shows both groups side by side
with their sizes; a stratum where either group has fewer than 5 firms is withheld, and a mean
measured on fewer than 5 firms too. The total adds up the strata shown only, so a withheld one
cannot be had by subtraction. Staff only: national staff see the country (or one province), a
provincial officer their own province.
"""

import datetime as dt
import operator
from dataclasses import dataclass, field, fields
from decimal import Decimal
from functools import reduce
from typing import Any

from django.db.models import (
    BigIntegerField,
    BooleanField,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models import Case as CaseWhen
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone

from karsaz.core import modules
from karsaz.insights.values import ratio
from karsaz.registry.choices import SizeClass
from karsaz.registry.models import Enterprise
from karsaz.registry.sizing import ORDER, division_case, size_case

MIN_FIRMS = 5


@dataclass
class Group:
    firms: int = 0
    jobs_firms: int = 0
    jobs_total: int = 0
    sales_firms: int = 0
    sales_total: int = 0

    def merge(self, other: "Group") -> None:
        for name in _SUMS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def jobs(self) -> Decimal | None:
        """Mean change in employees per measured firm (one decimal), None when withheld."""
        if self.jobs_firms < MIN_FIRMS:
            return None
        return Decimal(ratio(self.jobs_total, self.jobs_firms, unit="people"))

    @property
    def sales(self) -> int | None:
        """Mean change in annual sales per measured firm, whole rials; None when withheld."""
        if self.sales_firms < MIN_FIRMS:
            return None
        return int(ratio(self.sales_total, self.sales_firms, unit="rials"))


# The group's counts and sums, named once: the GROUP BY's aggregates carry the same names.
_SUMS = tuple(f.name for f in fields(Group))


@dataclass
class Stratum:
    size_class: str
    division: str
    clients: Group = field(default_factory=Group)
    others: Group = field(default_factory=Group)

    @property
    def groups(self) -> tuple[Group, Group]:
        return self.clients, self.others

    @property
    def size_label(self) -> str:
        return str(SizeClass(self.size_class).label) if self.size_class else ""

    @property
    def withheld(self) -> bool:
        return self.clients.firms < MIN_FIRMS or self.others.firms < MIN_FIRMS


@dataclass
class Cohorts:
    strata: list[Stratum]
    total: Stratum  # the strata shown, added up
    withheld: int  # strata withheld


def _clients() -> Q | None:
    """Whether the outer enterprise had a clinic case: one `IN (subquery)` per provider."""
    found = [Q(pk__in=provide()) for provide in modules.hooks("clinic_clients").values()]
    return reduce(operator.or_, found) if found else None


def _stratum() -> Concat:
    return Concat(size_case(), Value("/"), division_case(), output_field=CharField())


def _sales() -> Any:
    """The outer enterprise's sales change from the first provider that knows it."""
    found = [provide("pk") for provide in modules.hooks("sales_change").values()]
    if not found:
        return Value(None, output_field=BigIntegerField())
    return found[0] if len(found) == 1 else Coalesce(*found)


def _groups(province_id: int | None, year_ago: dt.datetime) -> list[dict[str, Any]]:
    """One GROUP BY (size class, ISIC division, client or not) over the firms, in the
    database: how many firms, how many measured on jobs and on sales, and the sums."""
    history = Enterprise.history.model  # type: ignore[attr-defined]
    then = (
        history.objects.filter(id=OuterRef("pk"), history_date__lte=year_ago)
        .order_by("-history_date", "-history_id")
        .values("employees")[:1]
    )
    clients = _clients()
    if clients is None:
        return []
    firms = Enterprise.objects.all()
    if province_id is not None:
        firms = firms.filter(province_id=province_id)
    clients_here = firms.filter(clients)
    # Only strata holding a client are shown, so only their firms are measured: the strata are
    # one uncorrelated subquery over the few clients, which the database evaluates once.
    with_clients = clients_here.annotate(_key=_stratum()).values("_key")
    return list(
        firms.order_by()
        .annotate(_stratum=_stratum())
        .filter(_stratum__in=with_clients)
        .annotate(
            _size=size_case(),
            _division=division_case(),
            _client=ExpressionWrapper(
                CaseWhen(When(clients, then=True), default=False), output_field=BooleanField()
            ),
            _jobs=F("employees") - Subquery(then),
            _sales=_sales(),
        )
        .values("_size", "_division", "_client")
        .annotate(
            firms=Count("pk"),
            jobs_firms=Count("_jobs"),
            jobs_total=Sum("_jobs"),
            sales_firms=Count("_sales"),
            sales_total=Sum("_sales"),
        )
    )


def cohorts(*, province_id: int | None = None, now: dt.datetime | None = None) -> Cohorts:
    year_ago = (now or timezone.now()) - dt.timedelta(days=365)
    strata: dict[tuple[str, str], Stratum] = {}
    for row in _groups(province_id, year_ago):  # a row per group, never per firm
        key = (row["_size"], row["_division"])
        stratum = strata.setdefault(key, Stratum(size_class=key[0], division=key[1]))
        group = stratum.clients if row["_client"] else stratum.others
        for name in _SUMS:
            setattr(group, name, row[name] or 0)
    order: dict[str, int] = {s: i for i, s in enumerate(ORDER)}
    ordered = sorted(
        strata.values(),
        key=lambda s: (order.get(s.size_class, 9), s.division),
    )
    total = Stratum(size_class="", division="")
    for stratum in ordered:
        if not stratum.withheld:
            total.clients.merge(stratum.clients)
            total.others.merge(stratum.others)
    return Cohorts(strata=ordered, total=total, withheld=sum(1 for s in ordered if s.withheld))
