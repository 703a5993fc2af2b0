"""The `insight_facts` hook: what the registry counts (enterprises and their employees)."""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from karsaz.core.facts import Fact
from karsaz.registry.models import Enterprise


def facts() -> tuple[Fact, ...]:
    return (
        Fact(
            code="registry.enterprises",
            label=_("Enterprises"),
            definition=_(
                "Enterprises in the registry at the end of the period, by month of registration."
            ),
            unit="count",
            rows=Enterprise.objects.all,
            enterprise="",
            date="created_at",
            nature="stock",
            changed="updated_at",
        ),
        Fact(
            code="registry.employees",
            label=_("Employees"),
            definition=_(
                "People employed by enterprises in the registry, as each enterprise last declared."
            ),
            unit="people",
            rows=Enterprise.objects.all,
            enterprise="",
            date="created_at",
            value=lambda: F("employees"),
            nature="stock",
            changed="updated_at",
        ),
    )
