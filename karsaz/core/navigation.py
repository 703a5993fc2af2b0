"""One navigation for every module: each module's AppConfig declares `nav_items` (core.modules)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse


def _anyone(user: Any) -> bool:
    return bool(user.is_authenticated)


def staff_only(user: Any) -> bool:
    """A `NavItem.visible` predicate: agency staff only."""
    return bool(getattr(user, "is_agency_staff", False))


@dataclass(frozen=True)
class NavItem:
    label: Any  # a lazy translation
    url_name: str
    order: int = 50
    visible: Callable[[Any], bool] = field(default=_anyone)

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    @property
    def section(self) -> str:
        return self.url_name.split(":", 1)[0]


def nav_for(user: Any) -> list[NavItem]:
    """The items `user` may see, every module's, in `order` (from the module registry)."""
    from karsaz.core.modules import registry

    return [item for item in registry["nav_items"] if item.visible(user)]


def nav_sections(items: list[NavItem], current: str) -> tuple[list[NavItem], list[NavItem]]:
    """One top-level entry per module (its first item); the current module's items as tabs.

    A module may declare several pages; the header stays one row however many modules join.
    """
    top: dict[str, NavItem] = {}
    for item in items:
        top.setdefault(item.section, item)
    tabs = [i for i in items if i.section == current]
    return list(top.values()), tabs if len(tabs) > 1 else []
