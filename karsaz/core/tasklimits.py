"""A time limit on every task a worker runs: past it the task is stopped and marked failed.

django-tasks 0.12 and django-tasks-db 0.13 offer none, but every task `db_worker` runs is
announced by `task_started` and closed by `task_finished`, in the worker's main thread. On
`task_started` a one-shot SIGALRM is armed for the task's limit (`TASK_TIME_LIMITS`: by task
path, else by queue, else "*"); when it fires, `TaskTimeLimitExceeded` is raised inside the task,
its transaction rolls back, and the worker records it as the task's error (status FAILED) and
goes on with the next task. `task_finished` disarms the alarm.

Limits of the mechanism, on purpose: Python delivers the signal between bytecodes, so one long
call into C (an encoder batch, a solver run with its own time limit) finishes first; the work
inside such calls is bounded elsewhere (technology/indexing.py, the scheduler's time_limit_s).
The alarm needs the main thread: `db_worker --reload` (its default when DEBUG=1) runs tasks in
another thread, where a warning is logged and no limit applies; `make run` passes --no-reload.
Tasks run by the immediate backend (tests, a laptop without workers) are not timed.

`TaskTimeLimitExceeded` is a BaseException, like SystemExit: a task's `except Exception` must
not swallow the stop and carry on.
"""

from __future__ import annotations

import logging
import signal
import threading
from types import FrameType
from typing import Any

from django.conf import settings
from django.dispatch import receiver
from django_tasks.signals import task_finished, task_started
from django_tasks_db.backend import DatabaseBackend

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 600.0


class TaskTimeLimitExceeded(BaseException):
    """A task ran longer than its time limit and was stopped by its worker."""


def time_limit(task_path: str, queue_name: str) -> float:
    """Seconds ``task_path`` on ``queue_name`` may run (``TASK_TIME_LIMITS``)."""
    limits: dict[str, float] = getattr(settings, "TASK_TIME_LIMITS", {})
    for key in (task_path, queue_name, "*"):
        if key in limits:
            return float(limits[key])
    return DEFAULT_LIMIT


# The task being timed in this process (one at a time: a worker runs tasks one after another).
_running: dict[str, Any] = {}


def _expired(signum: int, frame: FrameType | None) -> None:
    if not _running:  # the task ended as the alarm fired: nothing to stop
        return
    path, seconds = _running["path"], _running["seconds"]
    _running.clear()
    raise TaskTimeLimitExceeded(
        f"Task {path} ran longer than its time limit of {seconds:g} s and was stopped."
    )


def _timed(sender: Any) -> bool:
    backend = sender if isinstance(sender, type) else type(sender)
    return issubclass(backend, DatabaseBackend)


@receiver(task_started, dispatch_uid="karsaz.tasklimits.arm")
def arm(sender: Any, task_result: Any, **kwargs: Any) -> None:
    if not _timed(sender):
        return
    task = task_result.task
    if threading.current_thread() is not threading.main_thread():
        logger.warning(
            "Task %s runs outside the main thread (db_worker --reload?): no time limit applies.",
            task.module_path,
        )
        return
    seconds = time_limit(task.module_path, task.queue_name)
    _running.update(path=task.module_path, seconds=seconds)
    signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)


@receiver(task_finished, dispatch_uid="karsaz.tasklimits.disarm")
def disarm(sender: Any, **kwargs: Any) -> None:
    if not _timed(sender) or threading.current_thread() is not threading.main_thread():
        return
    signal.setitimer(signal.ITIMER_REAL, 0)
    _running.clear()
