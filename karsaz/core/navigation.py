"""One navigation for every module: each app's AppConfig declares `nav_items`."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse


def _anyone(user: Any) -> bool:
    return bool(user.is_authenticated)


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


def nav_for(user: Any, apps_configs: Any) -> list[NavItem]:
    items = [item for cfg in apps_configs for item in getattr(cfg, "nav_items", ())]
    return sorted((i for i in items if i.visible(user)), key=lambda i: i.order)


def nav_sections(items: list[NavItem], current: str) -> tuple[list[NavItem], list[NavItem]]:
    """One top-level entry per module (its first item); the current module's items as tabs.

    A module may declare several pages; the header stays one row however many modules join.
    """
    top: dict[str, NavItem] = {}
    for item in items:
        top.setdefault(item.section, item)
    tabs = [i for i in items if i.section == current]
    return list(top.values()), tabs if len(tabs) > 1 else []
