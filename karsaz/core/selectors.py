"""Reads of core that depend on the user: the task queues' health (superusers and national
administrators only)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from karsaz.core.permissions import can_manage_task_queues
from karsaz.core.tasklimits import time_limit

# A running task this long past its time limit has lost its worker (killed, or stuck in C code):
# it may be cancelled from the page.
STUCK_GRACE = dt.timedelta(minutes=1)
FAILED_SHOWN = 50


@dataclass(frozen=True)
class QueueHealth:
    name: str
    waiting: int
    running: int
    failed: int
    oldest_waiting: dt.datetime | None
    time_limit: float

    @property
    def oldest_age(self) -> dt.timedelta | None:
        return timezone.now() - self.oldest_waiting if self.oldest_waiting else None


@dataclass(frozen=True)
class TaskRow:
    id: str
    name: str
    queue: str
    enqueued_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    attempts: int
    error: str
    stuck: bool


def _require(user: Any) -> None:
    if not can_manage_task_queues(user):
        raise PermissionDenied


def queues_health(*, user: Any) -> list[QueueHealth]:
    """Per queue (every declared one, and any other that holds tasks): waiting, running and
    failed counts and when the oldest waiting task was enqueued."""
    _require(user)
    declared = list(settings.TASKS["default"].get("QUEUES", ["default"]))
    counts: dict[tuple[str, str], int] = {}
    oldest: dict[str, dt.datetime] = {}
    rows = (
        DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL)
        .values("queue_name", "status")
        .annotate(n=Count("id"), first=Min("enqueued_at"))
        .order_by()
    )
    for row in rows:
        counts[row["queue_name"], row["status"]] = row["n"]
        if row["status"] == TaskResultStatus.READY:
            oldest[row["queue_name"]] = row["first"]
    names = declared + sorted({q for q, _s in counts} - set(declared))
    return [
        QueueHealth(
            name=name,
            waiting=counts.get((name, TaskResultStatus.READY), 0),
            running=counts.get((name, TaskResultStatus.RUNNING), 0),
            failed=counts.get((name, TaskResultStatus.FAILED), 0),
            oldest_waiting=oldest.get(name),
            time_limit=time_limit("", name),
        )
        for name in names
    ]


def error_line(traceback: str) -> str:
    """The exception's own line (the last of its traceback): what went wrong, in brief."""
    lines = [line for line in traceback.strip().splitlines() if line.strip()]
    return lines[-1][:500] if lines else ""


def is_stuck(task: DBTaskResult, *, now: dt.datetime | None = None) -> bool:
    if task.status != TaskResultStatus.RUNNING or task.started_at is None:
        return False
    limit = dt.timedelta(seconds=time_limit(task.task_path, task.queue_name))
    return (now or timezone.now()) - task.started_at > limit + STUCK_GRACE


def _row(task: DBTaskResult, now: dt.datetime) -> TaskRow:
    return TaskRow(
        id=str(task.id),
        name=task.task_path,
        queue=task.queue_name,
        enqueued_at=task.enqueued_at,
        started_at=task.started_at,
        finished_at=task.finished_at,
        attempts=len(task.worker_ids or []),
        error=error_line(task.traceback),
        stuck=is_stuck(task, now=now),
    )


def tasks_in(*, user: Any, status: str, limit: int = FAILED_SHOWN) -> list[TaskRow]:
    """Tasks of one status: waiting and running oldest first, failed newest first."""
    _require(user)
    tasks = DBTaskResult.objects.filter(status=status).defer("args_kwargs", "return_value")
    order = "-finished_at" if status == TaskResultStatus.FAILED else "enqueued_at"
    now = timezone.now()
    return [_row(task, now) for task in tasks.order_by(order)[:limit]]
