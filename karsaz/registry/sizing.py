"""Size classes are computed from employees and configurable bounds, never stored.

Storing them would go stale the day the agency changes its thresholds; a CASE expression keeps
every list, filter and export consistent with the bounds in force.
"""

from django.conf import settings
from django.db.models import Case, CharField, Q, Value, When
from django.db.models.functions import Substr

from karsaz.registry.choices import IsicLevel, SizeClass

# Smallest first: the order of the bounds, and of every table that lists size classes.
ORDER = (SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM, SizeClass.LARGE)


def bounds() -> tuple[int, int, int]:
    micro, small, medium = settings.KARSAZ_SIZE_BOUNDS
    if not 0 < micro < small < medium:
        raise ValueError("KARSAZ_SIZE_BOUNDS must be three increasing positive integers")
    return micro, small, medium


def size_class_for(employees: int) -> SizeClass:
    for size, bound in zip(ORDER, bounds(), strict=False):
        if employees < bound:
            return size
    return SizeClass.LARGE


def size_q(size: str) -> Q:
    """The employees range of one size class, as a filter."""
    limits = (0, *bounds(), None)
    index = ORDER.index(SizeClass(size))
    low, high = limits[index], limits[index + 1]
    q = Q(employees__gte=low)
    return q & Q(employees__lt=high) if high is not None else q


def size_case(path: str = "employees") -> Case:
    """The size class as an SQL expression over `path` (an employees column), so aggregates
    group by it in the database."""
    micro, small, medium = bounds()
    return Case(
        When(**{f"{path}__lt": micro}, then=Value(SizeClass.MICRO.value)),
        When(**{f"{path}__lt": small}, then=Value(SizeClass.SMALL.value)),
        When(**{f"{path}__lt": medium}, then=Value(SizeClass.MEDIUM.value)),
        default=Value(SizeClass.LARGE.value),
        output_field=CharField(),
    )


def division_case(path: str = "isic") -> Case:
    """The two-digit ISIC division of an activity (`path`), "" for none or a section."""
    return Case(
        When(**{f"{path}__isnull": True}, then=Value("")),
        When(**{f"{path}__level": IsicLevel.SECTION.value}, then=Value("")),
        default=Substr(f"{path}__code", 1, 2),
        output_field=CharField(),
    )
