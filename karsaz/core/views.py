import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_tasks import TaskResultStatus

from karsaz.core import panels, selectors, services


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers; 503 otherwise, for load balancers and monitors."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means unhealthy
        return JsonResponse(
            {"status": "error", "database": str(exc.__class__.__name__)}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok"})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The user's home: the panels every module shows this user's role (core/panels.py)."""
    context = {"panels": panels.home(user=request.user), "today": timezone.localdate()}
    return render(request, "core/home.html", context)


def bench_floor(request: HttpRequest) -> HttpResponse:
    """Karsaz's own floor for bench/web.py: a signed-in page that renders the base template and
    nothing else, so every page's throughput is read as a share of it. A 404 unless
    `KARSAZ_BENCH_FLOOR` is on (checked first: a site without it does not even say it exists)."""
    if not settings.KARSAZ_BENCH_FLOOR:
        raise Http404
    return _floor(request)


@login_required
def _floor(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html")


@login_required
@never_cache
def task_queues(request: HttpRequest) -> HttpResponse:
    """Every queue's health (waiting, running, oldest waiting, failed) with retry and cancel."""
    context = {
        "queues": selectors.queues_health(user=request.user),
        "waiting": selectors.tasks_in(user=request.user, status=TaskResultStatus.READY),
        "running": selectors.tasks_in(user=request.user, status=TaskResultStatus.RUNNING),
        "failed": selectors.tasks_in(user=request.user, status=TaskResultStatus.FAILED),
    }
    return render(request, "core/task_queues.html", context)


def _task_action(request: HttpRequest, task_id: uuid.UUID, action: Any, done: str) -> HttpResponse:
    try:
        action(user=request.user, task_id=task_id)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("core:task_queues")


@require_POST
@login_required
def task_retry(request: HttpRequest, task_id: uuid.UUID) -> HttpResponse:
    return _task_action(request, task_id, services.task_retry, _("The task is back in its queue."))


@require_POST
@login_required
def task_cancel(request: HttpRequest, task_id: uuid.UUID) -> HttpResponse:
    return _task_action(request, task_id, services.task_cancel, _("The task was cancelled."))
