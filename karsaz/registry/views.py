"""Pages of the registry: thin views over selectors and services (writes through
``core.actions.run_action``)."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from karsaz.accounts.scope import require
from karsaz.core.actions import run_action
from karsaz.core.filters import invalid_filter_response
from karsaz.core.listing import filtered_page
from karsaz.core.tables import IMPORTS_DIR
from karsaz.core.templatetags.karsaz import num
from karsaz.registry import exporting, importing, selectors, services
from karsaz.registry.filters import EnterpriseFilter
from karsaz.registry.forms import EnterpriseForm, ImportForm
from karsaz.registry.permissions import RegistryScope

PAGE_SIZE = 25


@login_required
def enterprise_list(request: HttpRequest) -> HttpResponse:
    filterset = EnterpriseFilter(
        request.GET, queryset=selectors.enterprise_directory(user=request.user)
    )
    return filtered_page(
        request,
        filterset,
        per_page=PAGE_SIZE,
        template="registry/enterprise_list.html",
        partial_template="registry/partials/enterprise_table.html",
        extra_context={"scope": RegistryScope(request.user)},
    )


@login_required
def enterprise_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in exporting.FORMATS:
        return HttpResponseBadRequest(_("Unknown export format."))
    filterset = EnterpriseFilter(
        request.GET, queryset=selectors.enterprise_directory(user=request.user)
    )
    if (invalid := invalid_filter_response(filterset)) is not None:
        return invalid
    content = exporting.export_enterprises(user=request.user, enterprises=filterset.qs, fmt=fmt)
    response = HttpResponse(content, content_type=exporting.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="karsaz-enterprises.{fmt}"'
    return response


@login_required
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_get(user=request.user, pk=pk)
    scope = RegistryScope(request.user)
    return render(
        request,
        "registry/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "private": scope.can_view_private(enterprise),
            "can_change": scope.can_change(enterprise),
            "can_history": scope.can_view_history(enterprise),
            "members": selectors.enterprise_members(
                user=request.user, enterprise=enterprise, scope=scope
            ),
            "links": selectors.enterprise_links(user=request.user, enterprise=enterprise),
        },
    )


def _detail_url(enterprise: Any) -> str:
    return reverse("registry:enterprise_detail", kwargs={"pk": enterprise.pk})


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_create(request: HttpRequest) -> HttpResponse:
    scope = RegistryScope(request.user)
    require(scope.can_create, _("Only agency staff may register enterprises."))
    form = EnterpriseForm(
        request.POST or None, province_choices=selectors.province_choices(user=request.user)
    )

    def page(_status: int = 200) -> HttpResponse:
        # Form errors answer 200 on this page (as they always have), not run_action's 400.
        return render(request, "registry/enterprise_form.html", {"form": form, "enterprise": None})

    if request.method != "POST":
        return page()
    return run_action(
        request,
        lambda: services.enterprise_create(user=request.user, data=form.cleaned_data),
        done=_("The enterprise was registered."),
        then=_detail_url,
        form=form,
        rerender=page,
    )


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_get_for_change(user=request.user, pk=pk)
    scope = RegistryScope(request.user)
    form = EnterpriseForm(
        request.POST or None,
        initial=EnterpriseForm.initial_from(enterprise),
        province_choices=selectors.province_choices(user=request.user, enterprise=enterprise),
    )
    if not scope.can_certify(enterprise):
        form.lock_staff_fields(services.STAFF_FIELDS)

    def page(_status: int = 200) -> HttpResponse:
        context = {"form": form, "enterprise": enterprise}
        return render(request, "registry/enterprise_form.html", context)

    if request.method != "POST":
        return page()
    return run_action(
        request,
        lambda: services.enterprise_update(
            user=request.user, enterprise=enterprise, data=form.cleaned_data
        ),
        done=_("Your changes were saved."),
        then=_detail_url,
        form=form,
        rerender=page,
    )


@login_required
def enterprise_history(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_get(user=request.user, pk=pk)
    entries = selectors.enterprise_history(user=request.user, enterprise=enterprise)
    return render(
        request, "registry/enterprise_history.html", {"enterprise": enterprise, "entries": entries}
    )


_IMPORT_SESSION_KEY = "registry_import"


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_import(request: HttpRequest) -> HttpResponse:
    """Step 1 uploads and dry-runs; step 2 imports the same stored file, all or nothing."""
    scope = RegistryScope(request.user)
    require(scope.can_import, _("Only agency staff may import enterprises."))
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    pending = request.session.get(_IMPORT_SESSION_KEY)
    if request.method == "POST" and "confirm" in request.POST and pending:
        report = _run_import(request, pending, dry_run=False, form=form)
        if report is not None and report.committed:
            default_storage.delete(pending["path"])
            del request.session[_IMPORT_SESSION_KEY]
            messages.success(
                request,
                _("Import finished: {created} registered, {updated} updated.").format(
                    created=num(report.created), updated=num(report.updated)
                ),
            )
            return redirect("registry:enterprise_list")
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if pending:  # a new upload abandons the file waiting for confirmation
            default_storage.delete(pending["path"])
        path = default_storage.save(
            f"{IMPORTS_DIR}/{uuid.uuid4().hex}-{upload.name[-40:]}", ContentFile(upload.read())
        )
        pending = {"path": path, "name": upload.name}
        request.session[_IMPORT_SESSION_KEY] = pending
        report = _run_import(request, pending, dry_run=True, form=form)
        if report is None or not report.ok:  # nothing to confirm: keep no copy
            default_storage.delete(path)
            del request.session[_IMPORT_SESSION_KEY]
    return render(
        request,
        "registry/import.html",
        {"form": form, "report": report, "pending": pending if report and report.ok else None},
    )


def _run_import(
    request: HttpRequest, pending: dict[str, str], *, dry_run: bool, form: ImportForm
) -> importing.ImportReport | None:
    try:
        with default_storage.open(pending["path"]) as handle:
            content = handle.read()
    except FileNotFoundError:  # cleaned up as stale (karsaz.registry.tasks) or already used
        form.add_error("file", _("The uploaded file has expired; upload it again."))
        return None
    try:
        rows = importing.read_table(content, pending["name"])
    except importing.ImportFileError as exc:
        form.add_error("file", str(exc))
        return None
    return importing.import_enterprises(user=request.user, rows=rows, dry_run=dry_run)
