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
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case as CaseWhen
from django.db.models import CharField, OuterRef, Subquery, Value, When
from django.db.models.functions import Substr
from django.utils import timezone

from karsaz.core import modules
from karsaz.insights.values import ratio
from karsaz.registry.choices import IsicLevel, SizeClass
from karsaz.registry.models import Enterprise
from karsaz.registry.sizing import size_class_for

MIN_FIRMS = 5


@dataclass
class Group:
    firms: int = 0
    jobs_firms: int = 0
    jobs_total: int = 0
    sales_firms: int = 0
    sales_total: int = 0

    def add(self, jobs: int | None, sales: int | None) -> None:
        self.firms += 1
        if jobs is not None:
            self.jobs_firms += 1
            self.jobs_total += jobs
        if sales is not None:
            self.sales_firms += 1
            self.sales_total += sales

    def merge(self, other: "Group") -> None:
        for name in ("firms", "jobs_firms", "jobs_total", "sales_firms", "sales_total"):
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


def _firms(province_id: int | None, year_ago: dt.datetime) -> list[dict[str, Any]]:
    """Every firm's id, employees now and a year ago, and ISIC division: one query."""
    history = Enterprise.history.model  # type: ignore[attr-defined]
    then = (
        history.objects.filter(id=OuterRef("pk"), history_date__lte=year_ago)
        .order_by("-history_date", "-history_id")
        .values("employees")[:1]
    )
    firms = Enterprise.objects.all()
    if province_id is not None:
        firms = firms.filter(province_id=province_id)
    return list(
        firms.order_by()
        .annotate(
            then=Subquery(then),
            division=CaseWhen(
                When(isic__isnull=True, then=Value("")),
                When(isic__level=IsicLevel.SECTION.value, then=Value("")),
                default=Substr("isic__code", 1, 2),
                output_field=CharField(),
            ),
        )
        .values("pk", "employees", "then", "division")
    )


def cohorts(*, province_id: int | None = None, now: dt.datetime | None = None) -> Cohorts:
    year_ago = (now or timezone.now()) - dt.timedelta(days=365)
    clients: set[int] = set()
    for provide in modules.hooks("clinic_clients").values():
        clients |= set(provide())
    firms = _firms(province_id, year_ago)
    key = {f["pk"]: (size_class_for(f["employees"]).value, f["division"]) for f in firms}
    strata_keys = {key[f["pk"]] for f in firms if f["pk"] in clients}
    chosen = [f for f in firms if key[f["pk"]] in strata_keys]
    sales: dict[int, int] = {}
    for provide in modules.hooks("sales_change").values():
        sales.update(provide([f["pk"] for f in chosen]))
    strata = {k: Stratum(size_class=k[0], division=k[1]) for k in strata_keys}
    for f in chosen:
        stratum = strata[key[f["pk"]]]
        group = stratum.clients if f["pk"] in clients else stratum.others
        jobs = None if f["then"] is None else f["employees"] - f["then"]
        group.add(jobs, sales.get(f["pk"]))
    order = {s: i for i, s in enumerate(("micro", "small", "medium", "large"))}
    ordered = sorted(strata.values(), key=lambda s: (order.get(s.size_class, 9), s.division))
    total = Stratum(size_class="", division="")
    for stratum in ordered:
        if not stratum.withheld:
            total.clients.merge(stratum.clients)
            total.others.merge(stratum.others)
    return Cohorts(strata=ordered, total=total, withheld=sum(1 for s in ordered if s.withheld))
