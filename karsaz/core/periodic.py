"""Periodic jobs: each module names the module holding its `JOBS` tuple on its AppConfig
(`KarsazModule.jobs`, usually `"karsaz.<app>.periodic"`); `run_periodic` enqueues them.

A job is enqueued on the task queue (never run inline) at most once per interval, however many
schedulers run: the claim is one conditional UPDATE on its `PeriodicRun` row, which SQLite
serializes and PostgreSQL re-checks after waiting for a concurrent claimer's row lock.
"""

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import import_module

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task

from karsaz.core.models import PeriodicRun

logger = logging.getLogger(__name__)

# Cron starts `run_periodic --once` at second 0 plus a few seconds of start-up jitter; counting a
# job due this much early keeps a 10-minute job at 10 minutes instead of slipping to 11.
GRACE = dt.timedelta(seconds=5)


@dataclass(frozen=True, kw_only=True)
class Every:
    """A task (dotted path to a django-tasks `@task`) enqueued once per interval."""

    task: str
    minutes: int = 0
    hours: int = 0
    days: int = 0
    name: str = ""  # defaults to the task path; the key of its PeriodicRun row
    interval: dt.timedelta = field(init=False)

    def __post_init__(self) -> None:
        interval = dt.timedelta(days=self.days, hours=self.hours, minutes=self.minutes)
        if interval < dt.timedelta(minutes=1):
            raise ImproperlyConfigured(f"Periodic job {self.task!r}: interval under one minute.")
        object.__setattr__(self, "interval", interval)
        object.__setattr__(self, "name", self.name or self.task)

    def resolve(self) -> Task:  # type: ignore[type-arg]
        try:
            target = import_string(self.task)
        except ImportError as error:
            raise ImproperlyConfigured(
                f"Periodic job {self.name!r}: cannot import task {self.task!r} ({error})."
            ) from error
        if not isinstance(target, Task):
            raise ImproperlyConfigured(
                f"Periodic job {self.name!r}: {self.task!r} is not a django-tasks @task."
            )
        return target


@dataclass(frozen=True)
class Job:
    spec: Every
    task: Task  # type: ignore[type-arg]
    module: str

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def interval(self) -> dt.timedelta:
        return self.spec.interval


def periodic_modules() -> list[str]:
    """The modules holding the declared `JOBS`, in settings order (from the module registry)."""
    from karsaz.core.modules import registry

    return list(registry["jobs"].values())


def discover_jobs(modules: Iterable[str] | None = None) -> list[Job]:
    """Every declared job with its task imported; a bad declaration fails here, loudly."""
    jobs: dict[str, Job] = {}
    for module_name in periodic_modules() if modules is None else modules:
        declared = getattr(import_module(module_name), "JOBS", None)
        if not isinstance(declared, tuple | list) or not all(
            isinstance(spec, Every) for spec in declared
        ):
            raise ImproperlyConfigured(f"{module_name}.JOBS must be a tuple of Every(...).")
        for spec in declared:
            if spec.name in jobs:
                raise ImproperlyConfigured(
                    f"Periodic job {spec.name!r} is declared in both "
                    f"{jobs[spec.name].module} and {module_name}."
                )
            jobs[spec.name] = Job(spec=spec, task=spec.resolve(), module=module_name)
    return list(jobs.values())


def claim_and_enqueue(job: Job, *, now: dt.datetime) -> str | None:
    """Enqueues the job if its interval has passed since the last enqueue, by any scheduler.
    Returns the task result id, or None when the job is not due (or another scheduler won)."""
    PeriodicRun.objects.get_or_create(name=job.name)
    with transaction.atomic():
        claimed = (
            PeriodicRun.objects.filter(name=job.name)
            .filter(
                Q(last_enqueued_at__isnull=True)
                | Q(last_enqueued_at__lte=now - job.interval + GRACE)
            )
            .update(last_enqueued_at=now)
        )
        if not claimed:
            return None
        # Same transaction as the claim: if enqueueing fails the claim rolls back and the next
        # tick retries; with the database queue the claim and the queued task commit together.
        result = job.task.enqueue()
        PeriodicRun.objects.filter(name=job.name).update(last_result_id=str(result.id)[:64])
    logger.info("Enqueued periodic job %s (result %s)", job.name, result.id)
    return str(result.id)


def run_due(jobs: Sequence[Job], *, now: dt.datetime | None = None) -> list[str]:
    """Claims and enqueues every due job; returns the names of the jobs enqueued."""
    now = now or timezone.now()
    return [job.name for job in jobs if claim_and_enqueue(job, now=now) is not None]


def next_due(jobs: Sequence[Job], *, now: dt.datetime | None = None) -> dt.datetime:
    """The earliest moment any job becomes due (now, if one is due already or never ran)."""
    now = now or timezone.now()
    runs = PeriodicRun.objects.filter(name__in=[job.name for job in jobs])
    last: dict[str, dt.datetime | None] = dict(runs.values_list("name", "last_enqueued_at"))
    moments = []
    for job in jobs:
        previous = last.get(job.name)
        # No grace here: a loop that woke early each time would creep GRACE earlier every run.
        moments.append(previous + job.interval if previous else now)
    return max(now, min(moments, default=now + dt.timedelta(hours=1)))
