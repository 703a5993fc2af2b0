"""Background work (issue 11, finding 15): queues per kind of work, a time limit on every task,
and the queue health page. These tests use the database backend and run the real worker loop."""

import datetime as dt
import signal
import time
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from karsaz.core.services import CANCELLED_PATH
from karsaz.core.tasklimits import TaskTimeLimitExceeded, time_limit

pytestmark = pytest.mark.django_db
LIMITED = f"{__name__}.slow"
DONE: list[str] = []


@task(queue_name="default")
def slow() -> None:
    """Runs for 5 s (for ever, to a 0.3 s limit), swallowing ordinary exceptions: only the time
    limit stops it."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            time.sleep(0.02)
        except Exception:  # noqa: S112  the point: a task's own handler must not outlive the limit
            continue


@task(queue_name="default")
def quick() -> str:
    DONE.append("quick")
    return "done"


@pytest.fixture
def db_queue(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The database backend (tests otherwise run tasks immediately) and a worker that keeps the
    test's transaction open."""
    settings.TASKS = {
        "default": {**settings.TASKS["default"], "BACKEND": "django_tasks_db.DatabaseBackend"}
    }
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    DONE.clear()


def run_worker(queues: str) -> None:
    """One `db_worker --queue-name QUEUES --batch` loop: runs what it finds, then returns."""
    db_worker.Worker(
        queue_names=queues.split(","),
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"test-{queues}",
        excluded_queue_names=[],
    ).run()


def test_every_task_has_its_queue() -> None:
    from karsaz.clinics.tasks import flag_overdue_followups
    from karsaz.core.tasks import send_email
    from karsaz.events.tasks import run_schedule
    from karsaz.finance.tasks import check_ledger, finance_tick
    from karsaz.technology.tasks import compact_match_index, encode_missing, encode_record

    queues = {
        t.name: t.queue_name
        for t in (
            flag_overdue_followups,
            send_email,
            run_schedule,
            check_ledger,
            finance_tick,
            compact_match_index,
            encode_missing,
            encode_record,
        )
    }
    assert queues == {
        "flag_overdue_followups": "default",
        "send_email": "email",
        "run_schedule": "events",
        "check_ledger": "finance",
        "finance_tick": "finance",
        "compact_match_index": "matching",
        "encode_missing": "matching",
        "encode_record": "matching",
    }


def test_make_run_starts_matching_on_its_own_worker() -> None:
    from pathlib import Path

    from django.conf import settings

    script = (Path(settings.BASE_DIR) / "scripts" / "serve-dev").read_text()
    loop = next(line for line in script.splitlines() if line.startswith("for queues in "))
    groups = loop.removeprefix("for queues in ").split(";")[0].split()
    assert "matching" in groups and "events" in groups  # each alone
    served = [q for group in groups for q in group.split(",")]
    assert sorted(served) == sorted(settings.TASKS["default"]["QUEUES"])  # each queue once
    assert 'db_worker --no-reload --queue-name "$queues"' in script


def test_a_finance_task_behind_a_huge_encoding_task_is_not_delayed(
    db_queue: None, match_index: None, settings: Any
) -> None:
    from karsaz.finance.tasks import finance_tick
    from karsaz.technology.models import Capability
    from karsaz.technology.tasks import encode_record
    from karsaz.testing.factories_technology import tech_world

    world = tech_world()
    Capability.objects.filter(pk=world.capability.pk).update(description="واژه " * 200_000)
    encoding = encode_record.enqueue(kind="capability", record_id=world.capability.pk)
    tick = finance_tick.enqueue()
    # The encoding task is first in line: one worker for every queue would run it first.
    assert DBTaskResult.objects.ready().first().pk == encoding.db_result.pk  # type: ignore[attr-defined]

    run_worker("finance")

    tick.refresh()
    encoding.refresh()
    assert tick.status == TaskResultStatus.SUCCESSFUL and isinstance(tick.return_value, dict)
    assert encoding.status == TaskResultStatus.READY  # waiting for the matching worker


def test_the_time_limit_stops_a_slow_task_and_marks_it_failed(
    db_queue: None, settings: Any
) -> None:
    settings.TASK_TIME_LIMITS = {LIMITED: 0.3, "*": 600}
    stopped = slow.enqueue()
    after = quick.enqueue()

    run_worker("default")  # without the limit `slow` would end after 5 s and succeed

    row = DBTaskResult.objects.get(pk=stopped.id)
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "karsaz.core.tasklimits.TaskTimeLimitExceeded"
    assert row.traceback.strip().splitlines()[-1] == (
        f"karsaz.core.tasklimits.TaskTimeLimitExceeded: Task {LIMITED} ran longer than its "
        "time limit of 0.3 s and was stopped."
    )
    # The worker went on with the next task, and no alarm is left armed.
    after.refresh()
    assert after.status == TaskResultStatus.SUCCESSFUL and DONE == ["quick"]
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_task_within_its_limit_succeeds_and_leaves_no_alarm(
    db_queue: None, settings: Any
) -> None:
    result = quick.enqueue()
    run_worker("default")
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL and result.return_value == "done"
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_limits_by_task_then_queue_then_default(settings: Any) -> None:
    settings.TASK_TIME_LIMITS = {"matching": 300, "a.b.task": 42, "*": 600}
    assert time_limit("a.b.task", "matching") == 42
    assert time_limit("a.b.other", "matching") == 300
    assert time_limit("a.b.other", "finance") == 600
    assert issubclass(TaskTimeLimitExceeded, BaseException)
    assert not issubclass(TaskTimeLimitExceeded, Exception)


# --- the queue health page ------------------------------------------------------------------


@pytest.fixture
def queued(db_queue: None) -> SimpleNamespace:
    """Two waiting matching tasks (the oldest enqueued 10 minutes ago), one running finance
    task, one failed e-mail."""
    from karsaz.core.tasks import send_email
    from karsaz.finance.tasks import finance_tick
    from karsaz.technology.tasks import encode_record

    now = timezone.now()
    first = encode_record.enqueue(kind="need", record_id=1)
    second = encode_record.enqueue(kind="need", record_id=2)
    DBTaskResult.objects.filter(pk=first.id).update(enqueued_at=now - dt.timedelta(minutes=10))
    running = finance_tick.enqueue()
    DBTaskResult.objects.filter(pk=running.id).update(
        status=TaskResultStatus.RUNNING, started_at=now, worker_ids=["w1"]
    )
    failed = send_email.enqueue(subject="s", body="b", to=["a@example.com"])
    DBTaskResult.objects.filter(pk=failed.id).update(
        status=TaskResultStatus.FAILED,
        started_at=now,
        finished_at=now,
        worker_ids=["w1"],
        exception_class_path="smtplib.SMTPServerDisconnected",
        traceback="Traceback (most recent call last):\n  ...\n"
        "smtplib.SMTPServerDisconnected: Connection unexpectedly closed\n",
    )
    return SimpleNamespace(first=first.id, second=second.id, running=running.id, failed=failed.id)


def _signed_in(user: Any, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def test_the_health_page_counts_each_queue(users: Any, queued: SimpleNamespace) -> None:
    response = _signed_in(users.admin).get("/queues/")
    assert response.status_code == 200
    queues = {q.name: q for q in response.context["queues"]}
    assert list(queues) == ["default", "email", "events", "finance", "imports", "matching"]
    counts = {n: (q.waiting, q.running, q.failed) for n, q in queues.items()}
    assert counts == {
        "default": (0, 0, 0),
        "email": (0, 0, 1),
        "events": (0, 0, 0),
        "finance": (0, 1, 0),
        "imports": (0, 0, 0),
        "matching": (2, 0, 0),
    }
    age = queues["matching"].oldest_age
    assert age is not None and dt.timedelta(minutes=10) <= age < dt.timedelta(minutes=11)
    assert queues["email"].oldest_waiting is None
    failed = response.context["failed"]
    assert [(t.id, t.error) for t in failed] == [
        (str(queued.failed), "smtplib.SMTPServerDisconnected: Connection unexpectedly closed")
    ]
    page = response.content.decode()
    assert "صف‌های کار" in page  # Persian first
    assert "Connection unexpectedly closed" in page
    assert f"/queues/{queued.failed}/retry/" in page and f"/queues/{queued.first}/cancel/" in page
    assert f"/queues/{queued.running}/cancel/" not in page  # running, not stuck
    # In English too.
    english = _signed_in(users.admin).get("/queues/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Task queues" in english.content.decode()


def test_retry_puts_a_failed_task_back_and_cancel_stops_a_waiting_one(
    users: Any, queued: SimpleNamespace
) -> None:
    client = _signed_in(users.admin)
    assert client.post(f"/queues/{queued.failed}/retry/").status_code == 302
    retried = DBTaskResult.objects.get(pk=queued.failed)
    assert retried.status == TaskResultStatus.READY
    assert (retried.traceback, retried.finished_at, retried.worker_ids) == ("", None, ["w1"])

    assert client.post(f"/queues/{queued.first}/cancel/").status_code == 302
    cancelled = DBTaskResult.objects.get(pk=queued.first)
    assert cancelled.status == TaskResultStatus.FAILED
    assert cancelled.exception_class_path == CANCELLED_PATH
    assert "cancelled by admin" in cancelled.traceback

    # A second retry of a task no longer failed, or a cancel of a running one, is refused.
    response = client.post(f"/queues/{queued.failed}/retry/", follow=True)
    said = [str(m) for m in response.context["messages"]]
    assert said[-1] == "فقط کار ناموفق را می‌توان دوباره اجرا کرد."  # in the user's language
    client.post(f"/queues/{queued.running}/cancel/")
    assert DBTaskResult.objects.get(pk=queued.running).status == TaskResultStatus.RUNNING
    # A worker picks the retried task up again.
    ready = {str(pk) for pk in DBTaskResult.objects.ready().values_list("pk", flat=True)}
    assert ready == {queued.failed, queued.second}


def test_a_stuck_running_task_can_be_cancelled(users: Any, queued: SimpleNamespace) -> None:
    long_ago = timezone.now() - dt.timedelta(seconds=time_limit("", "finance") + 120)
    DBTaskResult.objects.filter(pk=queued.running).update(started_at=long_ago)
    client = _signed_in(users.admin)
    assert f"/queues/{queued.running}/cancel/" in client.get("/queues/").content.decode()
    client.post(f"/queues/{queued.running}/cancel/")
    assert DBTaskResult.objects.get(pk=queued.running).status == TaskResultStatus.FAILED


def test_only_superusers_and_national_administrators_see_or_act(
    users: Any, queued: SimpleNamespace
) -> None:
    from karsaz.accounts.choices import AgencyRole
    from karsaz.testing.factories import UserFactory

    national_admin = UserFactory(username="nat-admin", agency_role=AgencyRole.NATIONAL_ADMIN)
    assert _signed_in(national_admin).get("/queues/").status_code == 200
    for user in (users.national, users.qazvin_officer, users.sme_owner):
        client = _signed_in(user)
        assert client.get("/queues/").status_code == 403
        assert client.post(f"/queues/{queued.failed}/retry/").status_code == 403
        assert client.post(f"/queues/{queued.first}/cancel/").status_code == 403
        assert "/queues/" not in client.get("/").content.decode()  # not in the navigation
    anonymous = Client().post(f"/queues/{queued.failed}/retry/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    # Without the CSRF token even an administrator's POST is refused.
    assert (
        _signed_in(users.admin, csrf=True).post(f"/queues/{queued.first}/cancel/").status_code
        == 403
    )
    assert DBTaskResult.objects.get(pk=queued.failed).status == TaskResultStatus.FAILED
    assert DBTaskResult.objects.get(pk=queued.first).status == TaskResultStatus.READY
    assert "/queues/" in _signed_in(users.admin).get("/").content.decode()
