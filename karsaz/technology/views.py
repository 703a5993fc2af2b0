from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.db.models.functions import Substr
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from karsaz.core.forms import apply_errors
from karsaz.core.i18n import page_language
from karsaz.core.listing import filtered_page, list_response, page_of, query_without_page
from karsaz.registry.models import Enterprise, IsicActivity
from karsaz.registry.permissions import require
from karsaz.technology import selectors, services
from karsaz.technology.choices import ProposalState, RecordKind, RecordStatus
from karsaz.technology.filters import CapabilityFilter, NeedFilter
from karsaz.technology.forms import (
    AgreementForm,
    CapabilityForm,
    MessageForm,
    NeedForm,
    ProposalForm,
)
from karsaz.technology.models import Capability
from karsaz.technology.permissions import TechScope

PAGE_SIZE = 20
# What the button does, not the state it leads to.
MOVE_LABELS: dict[str, Any] = {
    ProposalState.SHORTLISTED: _lazy("Shortlist"),
    ProposalState.DECLINED: _lazy("Decline"),
    ProposalState.NEGOTIATION: _lazy("Accept and negotiate"),
    ProposalState.DELIVERED: _lazy("Confirm delivery"),
    ProposalState.CANCELLED: _lazy("Withdraw"),
}


def _enterprises_for(scope: TechScope, kinds: tuple[str, ...] | None = None) -> QuerySet[Any]:
    qs = Enterprise.objects.all()
    if kinds:
        qs = qs.filter(kind__in=kinds)
    if scope.national:
        return qs
    ids = scope.editor_of()
    if scope.province_id:
        return qs.filter(province_id=scope.province_id) | qs.filter(pk__in=ids)
    return qs.filter(pk__in=ids)


def _browse(request: HttpRequest, *, kind: str) -> HttpResponse:
    is_need = kind == RecordKind.NEED
    base = (
        selectors.need_list(user=request.user)
        if is_need
        else selectors.capability_list(user=request.user)
    )
    filter_class = NeedFilter if is_need else CapabilityFilter
    data = request.GET.copy()
    if not data.get("status"):
        data["status"] = RecordStatus.OPEN
    filterset = filter_class(data, queryset=base)
    q = request.GET.get("q", "").strip()
    rows: Any = filterset.qs
    facet_qs = filterset.qs
    if q:
        rows = selectors.ranked(filterset.qs, kind, q)
        facet_qs = facet_qs.filter(pk__in=[r.pk for r in rows])  # facets count what is listed
    province_field = "province" if is_need else "enterprise__province"
    trl_key = "target_trl" if is_need else "trl"
    name = f"name_{page_language()}"
    facets = {
        "provinces": [
            {"id": r[f"{province_field}__id"], "name": r[f"{province_field}__{name}"], "n": r["n"]}
            for r in facet_qs.values(f"{province_field}__id", f"{province_field}__{name}")
            .annotate(n=Count("id", distinct=True))
            .order_by("-n")[:8]
        ],
        "sectors": _sector_facet(facet_qs, "isic__code" if is_need else "sectors__code"),
        "trl": [
            {"value": r[trl_key], "n": r["n"]}
            for r in facet_qs.values(trl_key)
            .annotate(n=Count("id", distinct=True))
            .order_by(trl_key)
        ],
    }
    context = {
        "q": q,
        "kind": kind,
        "facets": facets,
        "trl_key": trl_key,
        "can_post": bool(
            _enterprises_for(
                TechScope(request.user), None if is_need else services.CAPABILITY_KINDS
            ).exists()
        ),
    }
    return filtered_page(
        request,
        filterset,
        per_page=PAGE_SIZE,
        template="technology/browse.html",
        partial_template="technology/partials/record_table.html",
        rows=rows,
        extra_context=context,
    )


def _sector_facet(queryset: QuerySet[Any], code_field: str) -> list[dict[str, Any]]:
    """Counts by ISIC division (the first two digits of the record's activity codes)."""
    rows = (
        queryset.exclude(**{f"{code_field}__isnull": True})
        .annotate(division=Substr(code_field, 1, 2))
        .values("division")
        .annotate(n=Count("id", distinct=True))
        .order_by("-n")[:8]
    )
    titles = dict(
        IsicActivity.objects.filter(code__in=[r["division"] for r in rows]).values_list(
            "code", f"title_{page_language()}"
        )
    )
    return [
        {"code": r["division"], "title": titles.get(r["division"], ""), "n": r["n"]} for r in rows
    ]


@login_required
def need_list(request: HttpRequest) -> HttpResponse:
    return _browse(request, kind=RecordKind.NEED)


@login_required
def capability_list(request: HttpRequest) -> HttpResponse:
    return _browse(request, kind=RecordKind.CAPABILITY)


@login_required
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = selectors.need_get(user=request.user, pk=pk)
    scope = TechScope(request.user)
    my_caps = Capability.objects.filter(
        enterprise_id__in=scope.editor_of(), status=RecordStatus.OPEN
    ).exclude(enterprise_id=need.enterprise_id)
    return render(
        request,
        "technology/need_detail.html",
        {
            "need": need,
            "confidential": scope.can_view_confidential(need),
            "can_change": scope.can_change(need),
            "proposals": selectors.proposals_for_need(user=request.user, need=need),
            "proposal_form": ProposalForm(capabilities=my_caps) if my_caps.exists() else None,
        },
    )


@login_required
def capability_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cap = selectors.capability_get(user=request.user, pk=pk)
    scope = TechScope(request.user)
    return render(
        request,
        "technology/capability_detail.html",
        {"cap": cap, "can_change": scope.can_change(cap)},
    )


@login_required
def suggestions(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The "suggested partners" panel, loaded by htmx so the page itself is never slowed."""
    if kind == RecordKind.NEED:
        need = selectors.need_get(user=request.user, pk=pk)
        items = selectors.need_matches(user=request.user, need=need, limit=8)
        target = "capability"
    else:
        cap = selectors.capability_get(user=request.user, pk=pk)
        items = selectors.capability_matches(user=request.user, capability=cap, limit=8)
        target = "need"
    return render(
        request, "technology/partials/suggestions.html", {"items": items, "target": target}
    )


def _record_form(request: HttpRequest, *, kind: str, instance: Any = None) -> HttpResponse:
    scope = TechScope(request.user)
    is_need = kind == RecordKind.NEED
    enterprises = _enterprises_for(scope, None if is_need else services.CAPABILITY_KINDS)
    require(
        instance is not None or enterprises.exists(),
        _("You manage no enterprise that can post here."),
    )
    form_class: Any = NeedForm if is_need else CapabilityForm
    form = form_class(request.POST or None, instance=instance, enterprises=enterprises)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if is_need and not data.get("province"):
            data.pop("province", None)
            if instance is None and data.get("enterprise"):
                data["province"] = data["enterprise"].province
        record: Any
        try:
            if is_need:
                record = (
                    services.need_update(user=request.user, need=instance, data=data)
                    if instance
                    else services.need_create(user=request.user, data=data)
                )
                url = "technology:need_detail"
            else:
                record = (
                    services.capability_update(user=request.user, capability=instance, data=data)
                    if instance
                    else services.capability_create(user=request.user, data=data)
                )
                url = "technology:capability_detail"
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(url, pk=record.pk)
    return render(
        request,
        "technology/record_form.html",
        {"form": form, "instance": instance, "kind": kind},
    )


@login_required
@require_http_methods(["GET", "POST"])
def need_create(request: HttpRequest) -> HttpResponse:
    return _record_form(request, kind=RecordKind.NEED)


@login_required
@require_http_methods(["GET", "POST"])
def need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    need = selectors.need_get_for_change(user=request.user, pk=pk)
    return _record_form(request, kind=RecordKind.NEED, instance=need)


@login_required
@require_http_methods(["GET", "POST"])
def capability_create(request: HttpRequest) -> HttpResponse:
    return _record_form(request, kind=RecordKind.CAPABILITY)


@login_required
@require_http_methods(["GET", "POST"])
def capability_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cap = selectors.capability_get_for_change(user=request.user, pk=pk)
    return _record_form(request, kind=RecordKind.CAPABILITY, instance=cap)


@login_required
@require_POST
def proposal_create(request: HttpRequest, pk: int) -> HttpResponse:
    need = selectors.need_get(user=request.user, pk=pk)
    scope = TechScope(request.user)
    caps = Capability.objects.filter(enterprise_id__in=scope.editor_of())
    form = ProposalForm(request.POST, capabilities=caps)
    if form.is_valid():
        try:
            proposal = services.proposal_create(
                user=request.user,
                need=need,
                capability=form.cleaned_data["capability"],
                pitch=form.cleaned_data["pitch"],
            )
        except ValidationError as exc:
            for messages_ in exc.message_dict.values():
                for message in messages_:
                    messages.error(request, message)
        else:
            messages.success(request, _("Your proposal was sent."))
            return redirect("technology:proposal_detail", pk=proposal.pk)
    else:
        messages.error(request, _("Choose a capability and write your proposal."))
    return redirect("technology:need_detail", pk=need.pk)


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    proposals = selectors.proposal_list(user=request.user)
    state = request.GET.get("state", "")
    if state in ProposalState.values:
        proposals = proposals.filter(state=state)
    page = page_of(request, proposals, per_page=PAGE_SIZE)
    return list_response(
        request,
        template="technology/proposal_list.html",
        partial_template="technology/partials/proposal_table.html",
        context={
            "page": page,
            "query": query_without_page(request),
            "states": ProposalState.choices,
            "state": state,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    scope = TechScope(request.user)
    message_form = MessageForm()
    agreement_form = AgreementForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "message":
                message_form = MessageForm(request.POST)
                if message_form.is_valid():
                    services.proposal_message_add(
                        user=request.user, proposal=proposal, body=message_form.cleaned_data["body"]
                    )
                    return redirect("technology:proposal_detail", pk=pk)
            elif action == ProposalState.SIGNED:
                agreement_form = AgreementForm(request.POST)
                if agreement_form.is_valid():
                    services.proposal_transition(
                        user=request.user,
                        proposal=proposal,
                        to_state=ProposalState.SIGNED,
                        **agreement_form.cleaned_data,
                    )
                    messages.success(request, _("The signed agreement was recorded."))
                    return redirect("technology:proposal_detail", pk=pk)
            elif action in ProposalState.values:
                services.proposal_transition(user=request.user, proposal=proposal, to_state=action)
                messages.success(request, _("The proposal was updated."))
                return redirect("technology:proposal_detail", pk=pk)
        except ValidationError as exc:
            if action == ProposalState.SIGNED:
                apply_errors(agreement_form, exc)
            elif action == "message":
                apply_errors(message_form, exc)
            else:
                for msgs in exc.message_dict.values():
                    for message in msgs:
                        messages.error(request, message)
    moves = scope.allowed_moves(proposal)
    return render(
        request,
        "technology/proposal_detail.html",
        {
            "proposal": proposal,
            "moves": [(m, MOVE_LABELS[m]) for m in moves if m != ProposalState.SIGNED],
            "can_sign": ProposalState.SIGNED in moves,
            "can_message": scope.can_message(proposal),
            "confidential": scope.can_view_confidential(proposal.need),
            "events": proposal.events.select_related("actor"),
            "thread": proposal.messages.select_related("author"),
            "message_form": message_form,
            "agreement_form": agreement_form,
        },
    )


@login_required
def pipeline(request: HttpRequest) -> HttpResponse:
    board = selectors.pipeline(user=request.user)
    return render(request, "technology/pipeline.html", board)
