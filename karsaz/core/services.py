"""Writes of core: an administrator retries a failed task or cancels a waiting (or stuck) one."""

import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from karsaz.core.permissions import can_manage_task_queues
from karsaz.core.selectors import is_stuck

logger = logging.getLogger(__name__)


class TaskCancelled(Exception):
    """Recorded as the error of a task an administrator cancelled."""


CANCELLED_PATH = f"{TaskCancelled.__module__}.{TaskCancelled.__qualname__}"


def _locked(task_id: Any) -> DBTaskResult:
    task = DBTaskResult.objects.select_for_update().filter(pk=task_id).first()
    if task is None:
        raise ValidationError({"task": [_("No such task.")]})
    return task


@transaction.atomic
def task_retry(*, user: Any, task_id: Any) -> DBTaskResult:
    """Puts a failed task back in its queue, as it was first enqueued (same task, arguments and
    queue); its earlier error is logged, its attempts are kept."""
    if not can_manage_task_queues(user):
        raise PermissionDenied
    task = _locked(task_id)
    if task.status != TaskResultStatus.FAILED:
        raise ValidationError({"task": [_("Only a failed task can be retried.")]})
    logger.warning(
        "Task %s (%s) re-enqueued by %s; its error was:\n%s",
        task.pk,
        task.task_path,
        user.username,
        task.traceback,
    )
    task.status = TaskResultStatus.READY
    task.enqueued_at = timezone.now()
    task.run_after = get_date_max()
    task.started_at = task.finished_at = None
    task.exception_class_path = task.traceback = ""
    task.return_value = None
    task.save()
    return task


@transaction.atomic
def task_cancel(*, user: Any, task_id: Any) -> DBTaskResult:
    """Marks a waiting task failed ("cancelled by …") so no worker runs it; a running task only
    when it is stuck (its worker lost: far past its time limit). It can be retried later."""
    if not can_manage_task_queues(user):
        raise PermissionDenied
    task = _locked(task_id)
    if not (task.status == TaskResultStatus.READY or is_stuck(task)):
        message = _(
            "Only a waiting task, or a running one far past its time limit, can be cancelled."
        )
        raise ValidationError({"task": [message]})
    task.status = TaskResultStatus.FAILED
    task.finished_at = timezone.now()
    task.exception_class_path = CANCELLED_PATH
    task.traceback = f"{CANCELLED_PATH}: cancelled by {user.username} on the task queues page.\n"
    task.return_value = None
    task.save()
    logger.warning("Task %s (%s) cancelled by %s", task.pk, task.task_path, user.username)
    return task


def model_update(*, instance: Any, fields: Iterable[str], data: dict[str, Any]) -> list[str]:
    """Sets the keys of ``data`` that are in ``fields`` on ``instance`` (HackSoft's
    ``model_update``, without the save: the caller validates first). Returns the names set."""
    allowed = set(fields)
    changed = [key for key in data if key in allowed]
    for key in changed:
        setattr(instance, key, data[key])
    return changed
