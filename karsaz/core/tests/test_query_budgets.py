"""Query budgets for the shared pages (home, profile, task queues) and the account API."""

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult
from rest_framework.test import APIClient

from karsaz.accounts.choices import AgencyRole
from karsaz.registry.models import Province
from karsaz.testing.factories import EnterpriseFactory, UserFactory
from karsaz.testing.queries import N, assert_budgets, measure

pytestmark = pytest.mark.django_db

BUDGETS = {
    "api me": 2,
    # The home page draws every module's panels for the administrator: the task queues, the
    # events, clinics and finance figures, the national registry (core/tests/test_home.py).
    "page home": 18,
    "page profile": 4,
    "page task queues": 6,
}


@task(queue_name="default")
def noop() -> None:
    """Never run here: the rows it leaves are what the queues page lists."""


def _grow(k: int) -> None:
    """k more enterprises in two provinces, and k more waiting, k running and k failed tasks."""
    qazvin, tehran = Province.objects.get(code="26"), Province.objects.get(code="23")
    for n in range(k):
        EnterpriseFactory(province=qazvin if n % 2 else tehran)
        ids = [noop.enqueue().id for _ in range(3)]
        now = timezone.now()
        DBTaskResult.objects.filter(id=ids[1]).update(
            status=TaskResultStatus.RUNNING, started_at=now
        )
        DBTaskResult.objects.filter(id=ids[2]).update(
            status=TaskResultStatus.FAILED, started_at=now, finished_at=now
        )


def _targets(admin: Any) -> dict[str, tuple[Any, str]]:
    api = APIClient()
    api.force_authenticate(admin)
    page = Client()
    page.force_login(admin)
    return {
        "api me": (api, "/api/v1/me/"),
        "page home": (page, "/"),
        "page profile": (page, "/accounts/profile/"),
        "page task queues": (page, "/queues/"),
    }


def test_shared_pages_queries_do_not_grow_with_rows(settings: Any) -> None:
    settings.TASKS = {
        "default": {**settings.TASKS["default"], "BACKEND": "django_tasks_db.DatabaseBackend"}
    }
    admin = UserFactory(
        username="qb-admin", agency_role=AgencyRole.NATIONAL_ADMIN, is_staff=True, is_superuser=True
    )
    _grow(N)
    small = measure(_targets(admin))
    _grow(2 * N)
    assert DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count() == 3 * N
    large = measure(_targets(admin))
    assert_budgets(small, large, BUDGETS)
