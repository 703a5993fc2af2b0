"""The periodic scheduler: discovery through the modules, and one enqueue per interval."""

import datetime as dt
import sys
import threading
import types
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks import task

from karsaz.core import periodic
from karsaz.core.models import PeriodicRun
from karsaz.core.periodic import Every

TICKS: list[str] = []


@task()
def record_tick() -> None:
    TICKS.append("tick")


def _job(minutes: int = 10) -> periodic.Job:
    spec = Every(minutes=minutes, task=f"{__name__}.record_tick")
    return periodic.Job(spec=spec, task=spec.resolve(), module=__name__)


@pytest.fixture(autouse=True)
def _no_ticks() -> None:
    TICKS.clear()


def _fake_module(monkeypatch: pytest.MonkeyPatch, name: str, jobs: object) -> str:
    module = types.ModuleType(name)
    module.JOBS = jobs  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, name, module)
    return name


def test_discovery_finds_each_modules_jobs() -> None:
    jobs = {job.name: job for job in periodic.discover_jobs()}
    assert jobs["karsaz.finance.tasks.finance_tick"].interval == dt.timedelta(hours=1)
    assert jobs["karsaz.clinics.tasks.flag_overdue_followups"].interval == dt.timedelta(days=1)
    assert jobs["karsaz.technology.tasks.compact_match_index"].interval == dt.timedelta(minutes=10)
    assert jobs["karsaz.finance.tasks.check_ledger"].interval == dt.timedelta(days=1)
    assert jobs["karsaz.finance.tasks.finance_tick"].module == "karsaz.finance.periodic"
    assert "karsaz.core.periodic" not in periodic.periodic_modules()  # the scheduler itself


def test_a_bad_task_path_fails_at_discovery(monkeypatch: pytest.MonkeyPatch) -> None:
    module = _fake_module(monkeypatch, "fake_periodic", (Every(hours=1, task="karsaz.nope.tick"),))
    with pytest.raises(ImproperlyConfigured, match=r"cannot import task 'karsaz\.nope\.tick'"):
        periodic.discover_jobs([module])


def test_a_path_that_is_not_a_task_fails_at_discovery(monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = (Every(hours=1, task="karsaz.finance.services.finance_tick"),)
    with pytest.raises(ImproperlyConfigured, match="not a django-tasks @task"):
        periodic.discover_jobs([_fake_module(monkeypatch, "fake_periodic", jobs)])


def test_the_same_job_declared_twice_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = (Every(hours=1, task="karsaz.finance.tasks.finance_tick"),)
    with pytest.raises(ImproperlyConfigured, match="declared in both"):
        periodic.discover_jobs(["karsaz.finance.periodic", _fake_module(monkeypatch, "dup", jobs)])


def test_an_interval_under_a_minute_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="under one minute"):
        Every(task="karsaz.finance.tasks.finance_tick")


@pytest.mark.django_db
def test_a_due_job_is_enqueued_once_per_interval() -> None:
    job, t0 = _job(minutes=10), timezone.now()
    assert periodic.run_due([job], now=t0) == [job.name]
    assert periodic.run_due([job], now=t0) == []  # a second claim in a row: not due
    assert periodic.run_due([job], now=t0 + dt.timedelta(minutes=9)) == []
    assert TICKS == ["tick"]
    assert periodic.next_due([job], now=t0) == t0 + dt.timedelta(minutes=10)

    # Cron's start-up jitter of a second or two does not push the job a whole minute later.
    t1 = t0 + dt.timedelta(minutes=10) - dt.timedelta(seconds=2)
    assert periodic.run_due([job], now=t1) == [job.name]
    assert periodic.run_due([job], now=t1 + dt.timedelta(minutes=1)) == []
    assert TICKS == ["tick", "tick"]
    run = PeriodicRun.objects.get(name=job.name)
    assert run.last_enqueued_at == t1
    assert run.last_result_id


@pytest.mark.django_db
def test_a_failed_enqueue_releases_the_claim(monkeypatch: pytest.MonkeyPatch) -> None:
    job, now = _job(), timezone.now()

    def broken_enqueue(*args: object, **kwargs: object) -> None:
        raise RuntimeError("queue down")

    monkeypatch.setattr(type(job.task.get_backend()), "enqueue", broken_enqueue)
    with pytest.raises(RuntimeError):
        periodic.run_due([job], now=now)
    monkeypatch.undo()
    assert periodic.run_due([job], now=now) == [job.name]  # the next tick retries


@pytest.mark.django_db
def test_run_periodic_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(periodic, "discover_jobs", lambda: [_job()])
    call_command("run_periodic", "--once", verbosity=2, stdout=(out := StringIO()))
    call_command("run_periodic", "--once", verbosity=2, stdout=out)
    assert TICKS == ["tick"]
    assert f"Enqueued: {__name__}.record_tick" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_concurrent_schedulers_enqueue_once() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    job, now = _job(), timezone.now()
    PeriodicRun.objects.create(name=job.name)
    barrier, enqueued = threading.Barrier(4), []

    def scheduler() -> None:
        barrier.wait()
        try:
            enqueued.extend(periodic.run_due([job], now=now))
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert enqueued == [job.name]
    assert TICKS == ["tick"]
