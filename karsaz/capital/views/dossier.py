"""Pages of the admission dossier: thin views over the dossier selectors and services."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from karsaz.accounts.scope import require
from karsaz.capital import pipeline, selectors, services
from karsaz.capital.forms_dossier import (
    BoardFilterForm,
    EngageForm,
    FilingForm,
    ReviewForm,
    TransitionForm,
    UploadForm,
)
from karsaz.capital.models import Filing
from karsaz.capital.permissions import CapitalScope
from karsaz.core.actions import run_action

TEMPLATES = "capital/dossier/"


@login_required
def adviser_directory(request: HttpRequest) -> HttpResponse:
    return render(request, TEMPLATES + "advisers.html", {"records": selectors.adviser_directory()})


@login_required
@require_http_methods(["GET", "POST"])
def engagements(request: HttpRequest) -> HttpResponse:
    firms = selectors.firms_for_engagement(user=request.user)
    editor = bool(CapitalScope(request.user).editor_of())
    form = EngageForm(request.POST or None, firms=firms, advisers=selectors.advisers())

    def page(status: int) -> HttpResponse:
        rows = selectors.engagement_list(user=request.user)
        editable = set(CapitalScope(request.user).editor_of())
        context = {
            "rows": [(e, e.state == "active" and e.enterprise_id in editable) for e in rows],
            "form": form if editor else None,
        }
        return render(request, TEMPLATES + "engagements.html", context, status=status)

    if request.method != "POST":
        return page(200)
    return run_action(
        request,
        lambda: services.engagement_create(
            user=request.user,
            enterprise=form.cleaned_data["enterprise"],
            adviser=form.cleaned_data["adviser"],
            market=form.cleaned_data["market"],
        ),
        form=form,
        rerender=page,
        done=_("The adviser is engaged and now sees your dossier."),
        then=reverse("capital:engagements"),
    )


@login_required
@require_POST
def engagement_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = selectors.engagement_get(user=request.user, pk=pk)
    return run_action(
        request,
        lambda: services.engagement_revoke(user=request.user, engagement=engagement),
        done=_("Consent revoked: the adviser no longer sees your dossier."),
        then=reverse("capital:engagements"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def filing_list(request: HttpRequest) -> HttpResponse:
    firms = selectors.firms_for_engagement(user=request.user)
    editor = bool(CapitalScope(request.user).editor_of())
    form = FilingForm(request.POST or None, firms=firms)

    def page(status: int) -> HttpResponse:
        context = {
            "filings": selectors.filing_list(user=request.user),
            "form": form if editor else None,
        }
        return render(request, TEMPLATES + "filing_list.html", context, status=status)

    if request.method != "POST":
        return page(200)
    return run_action(
        request,
        lambda: services.filing_create(
            user=request.user,
            enterprise=form.cleaned_data["enterprise"],
            market=form.cleaned_data["market"],
        ),
        form=form,
        rerender=page,
        done=_("The filing is open; its dossier lists the documents the market requires."),
        then=lambda filing: reverse("capital:filing_detail", args=[filing.pk]),
    )


def _detail(request: HttpRequest, filing: Filing, status: int = 200, **forms: Any) -> HttpResponse:
    scope = CapitalScope(request.user)
    actions = scope.allowed_actions(filing)
    documents = selectors.filing_documents(filing=filing)
    context = {
        "filing": filing,
        "actions": actions,
        "moves": [m for m in pipeline.MOVES if m in actions],
        "documents": documents,
        "accepted": sum(1 for d in documents if d.status == "accepted"),
        "history": selectors.filing_history(filing=filing),
        "transition_form": forms.get("transition_form") or TransitionForm(),
        "upload_form": forms.get("upload_form") or UploadForm(),
        "review_form": forms.get("review_form") or ReviewForm(),
        "failed_document": forms.get("document"),
    }
    return render(request, TEMPLATES + "filing_detail.html", context, status=status)


@login_required
def filing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    filing = selectors.filing_get(user=request.user, pk=pk)
    services.dossier_read_record(user=request.user, filing=filing)
    return _detail(request, filing)


@login_required
@require_POST
def filing_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    filing = selectors.filing_get(user=request.user, pk=pk)
    form = TransitionForm(request.POST)
    return run_action(
        request,
        lambda: services.filing_transition(
            user=request.user, filing=filing, action=action, note=form.cleaned_data["note"]
        ),
        form=form,
        rerender=lambda status: _detail(request, filing, status, transition_form=form),
        done=_("The filing moved on."),
        then=reverse("capital:filing_detail", args=[filing.pk]),
    )


@login_required
@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    filing = selectors.filing_get(user=request.user, pk=document.filing_id)
    form = UploadForm(request.POST, request.FILES)
    return run_action(
        request,
        lambda: services.document_upload(
            user=request.user, document=document, file=form.cleaned_data["file"]
        ),
        form=form,
        rerender=lambda status: _detail(
            request, filing, status, upload_form=form, document=document.pk
        ),
        done=_("The document was uploaded for review."),
        then=reverse("capital:filing_detail", args=[filing.pk]),
    )


@login_required
@require_POST
def document_review(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    filing = selectors.filing_get(user=request.user, pk=document.filing_id)
    form = ReviewForm(request.POST)
    return run_action(
        request,
        lambda: services.document_review(
            user=request.user,
            document=document,
            accept=form.cleaned_data["decision"] == "accept",
            note=form.cleaned_data["note"],
        ),
        form=form,
        rerender=lambda status: _detail(
            request, filing, status, review_form=form, document=document.pk
        ),
        done=_("Your review was recorded."),
        then=reverse("capital:filing_detail", args=[filing.pk]),
    )


@login_required
def version_download(request: HttpRequest, pk: int) -> FileResponse:
    """A dossier file, only to those who see the filing; every download is audited."""
    version = selectors.version_get(user=request.user, pk=pk)
    services.dossier_read_record(user=request.user, filing=version.document.filing, version=version)
    name = version.file.name.rsplit("/", 1)[-1]
    response = FileResponse(version.file.open("rb"), as_attachment=True, filename=name)
    response["Content-Type"] = version.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def filing_reads(request: HttpRequest, pk: int) -> HttpResponse:
    filing = selectors.filing_get(user=request.user, pk=pk)
    reads = selectors.filing_reads(user=request.user, filing=filing)
    return render(request, TEMPLATES + "reads.html", {"filing": filing, "reads": reads[:500]})


@login_required
def prospectus(request: HttpRequest, pk: int) -> HttpResponse:
    filing = selectors.filing_get(user=request.user, pk=pk)
    services.dossier_read_record(user=request.user, filing=filing)
    context = {"filing": filing, **selectors.prospectus_draft(filing=filing)}
    return render(request, TEMPLATES + "prospectus.html", context)


@login_required
def pipeline_board(request: HttpRequest) -> HttpResponse:
    require(CapitalScope(request.user).staff, _("The pipeline board is for agency staff."))
    form = BoardFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        # A bad filter shows nothing rather than everything, with the form's errors.
        return render(request, TEMPLATES + "board.html", {"form": form, "board": None}, status=400)
    data = form.cleaned_data if form.is_bound else {}
    filters: dict[str, Any] = {
        "province": data["province"].pk if data.get("province") else None,
        "market": data.get("market") or "",
        "stage": data.get("stage") or "",
    }
    if data.get("stall_days"):
        filters["stall_days"] = data["stall_days"]
    board = selectors.pipeline_board(user=request.user, **filters)
    status = 200
    return render(request, TEMPLATES + "board.html", {"form": form, "board": board}, status=status)


@login_required
def firm_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    """The firm's timeline across its filings and their stages (whoever sees the firm's
    readiness opens it; the moves listed are those of the filings the user sees)."""
    firm = selectors.readiness_firm(request.user, pk)
    changes = selectors.firm_timeline(user=request.user, enterprise_id=firm.pk)
    return render(
        request, "capital/dossier/timeline.html", {"firm": firm, "changes": changes[:500]}
    )
