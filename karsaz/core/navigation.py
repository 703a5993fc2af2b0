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


def nav_for(user: Any, apps_configs: Any) -> list[NavItem]:
    items = [item for cfg in apps_configs for item in getattr(cfg, "nav_items", ())]
    return sorted((i for i in items if i.visible(user)), key=lambda i: i.order)
