"""Core's home panel: the task queues' health, for the administrators who run them."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from karsaz.core import selectors
from karsaz.core.charts import Point
from karsaz.core.panels import Cell, Chart, Figure, Panel, Row
from karsaz.core.permissions import can_manage_task_queues


def panels(*, user: Any) -> list[Panel]:
    if not can_manage_task_queues(user):
        return []
    queues = selectors.queues_health(user=user)
    href = reverse("core:task_queues")
    waiting = sum(q.waiting for q in queues)
    failed = sum(q.failed for q in queues)
    return [
        Panel(
            key="core-queues",
            title=_("Task queues"),
            order=5,
            figures=(
                Figure(_("Waiting"), waiting, href, key="queues-waiting"),
                Figure(_("Running"), sum(q.running for q in queues), href, key="queues-running"),
                Figure(_("Failed"), failed, href, warn=failed > 0, key="queues-failed"),
            ),
            headers=(_("Queue"), _("Waiting"), _("Running"), _("Failed"), _("Oldest waiting")),
            rows=tuple(
                Row(
                    (
                        Cell(q.name, "code"),
                        Cell(q.waiting, "num"),
                        Cell(q.running, "num"),
                        Cell(q.failed, "num"),
                        Cell(q.oldest_waiting, "since"),
                    ),
                    warn=q.failed > 0,
                    flag=_("Failed tasks") if q.failed else "",
                )
                for q in queues
            ),
            chart=Chart(
                title=_("Waiting tasks by queue"),
                points=tuple(Point(q.name, q.waiting, href) for q in queues),
                label_header=_("Queue"),
                value_header=_("Waiting"),
            ),
            empty=_("No queues are declared."),
            more=(_("Manage the task queues"), href),
        )
    ]
