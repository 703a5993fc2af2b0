from typing import Any

from django.utils.translation import gettext_lazy as _

from karsaz.core import modules
from karsaz.core.navigation import NavItem


def _queue_admin(user: Any) -> bool:
    from karsaz.core.permissions import can_manage_task_queues

    return can_manage_task_queues(user)


class CoreConfig(modules.KarsazModule):
    name = "karsaz.core"
    label = "core"
    verbose_name = _("Core")
    # The platform, not a domain module: karsaz/urls.py mounts core.urls at the root itself.
    domain = False
    nav_items = (
        NavItem(label=_("Dashboard"), url_name="core:home", order=0),
        NavItem(label=_("Task queues"), url_name="core:task_queues", order=1, visible=_queue_admin),
    )
    hooks = {"home_panels": "karsaz.core.home_panels.panels"}

    def ready(self) -> None:
        super().ready()
        # Registers the module contract checks; connects the time limit to every task.
        from django.contrib import admin

        from karsaz.core import admin_site, checks, tasklimits  # noqa: F401

        admin_site.localize(admin.site)
