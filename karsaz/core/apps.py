from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from karsaz.core.navigation import NavItem


def _queue_admin(user: Any) -> bool:
    from karsaz.core.permissions import can_manage_task_queues

    return can_manage_task_queues(user)


class CoreConfig(AppConfig):
    name = "karsaz.core"
    label = "core"
    verbose_name = _("Core")
    nav_items = (
        NavItem(label=_("Dashboard"), url_name="core:home", order=0),
        NavItem(label=_("Task queues"), url_name="core:task_queues", order=1, visible=_queue_admin),
    )

    def ready(self) -> None:
        from karsaz.core import tasklimits  # noqa: F401  (connects the time limit to every task)
