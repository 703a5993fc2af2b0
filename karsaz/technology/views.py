"""Pages of the technology exchange: thin views over selectors and services. Who sees and may do
what is the scope's (``TechScope``); writes go through ``core.actions.run_action``."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from karsaz.accounts.scope import require
from karsaz.core.actions import run_action
from karsaz.core.listing import filtered_page, list_response, page_of, query_without_page
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


def _posting_kinds(kind: str) -> tuple[str, ...] | None:
    """The enterprise kinds that may post records of ``kind`` (any for needs)."""
    return None if kind == RecordKind.NEED else services.CAPABILITY_KINDS


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
    rows: Any = selectors.records_ranked(filterset.qs, kind, q) if q else filterset.qs
    context = {
        "q": q,
        "kind": kind,
        "facets": (
            selectors.browse_facets(filterset.qs, kind, listed=rows if q else None)
            if q or set(request.GET) - {"page"}
            else selectors.default_facets(filterset.qs, kind)
        ),
        "trl_key": "target_trl" if is_need else "trl",
        "can_post": selectors.enterprises_for_posting(
            user=request.user, kinds=_posting_kinds(kind)
        ).exists(),
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
    my_caps = selectors.capabilities_to_propose(user=request.user, need=need, scope=scope)
    invitations = list(selectors.invitations_to_me(user=request.user, need=need, scope=scope))
    form = None
    if my_caps.exists():
        # An invitation preselects the capability it named.
        initial = {"capability": invitations[0].capability_id} if invitations else {}
        form = ProposalForm(capabilities=my_caps, initial=initial)
    return render(
        request,
        "technology/need_detail.html",
        {
            "need": need,
            "confidential": scope.can_view_confidential(need),
            "can_change": scope.can_change(need),
            "proposals": selectors.proposals_for_need(user=request.user, need=need),
            "proposal_form": form,
            "invitations": invitations,
        },
    )


@login_required
def capability_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cap = selectors.capability_get(user=request.user, pk=pk)
    scope = TechScope(request.user)
    return render(
        request,
        "technology/capability_detail.html",
        {
            "cap": cap,
            "can_change": scope.can_change(cap),
            "invitations": selectors.invitations_for_capability(user=request.user, capability=cap),
        },
    )


@login_required
def suggestions(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The "suggested partners" panel, loaded by htmx so the page itself is never slowed."""
    context: dict[str, Any] = {}
    if kind == RecordKind.NEED:
        need = selectors.need_get(user=request.user, pk=pk)
        items = selectors.need_matches(user=request.user, need=need, limit=8)
        if TechScope(request.user).can_change(need) and need.status == RecordStatus.OPEN:
            context = {"invite_to": need, "asked": selectors.invited_or_proposed(need=need)}
        target = "capability"
    else:
        cap = selectors.capability_get(user=request.user, pk=pk)
        items = selectors.capability_matches(user=request.user, capability=cap, limit=8)
        target = "need"
    context.update(items=items, target=target)
    return render(request, "technology/partials/suggestions.html", context)


@login_required
@require_POST
def invite_to_propose(request: HttpRequest, pk: int, capability_pk: int) -> HttpResponse:
    """The need's owner asks a suggested capability's enterprise to propose it."""
    need = selectors.need_get(user=request.user, pk=pk)
    capability = selectors.capability_get(user=request.user, pk=capability_pk)
    return run_action(
        request,
        lambda: services.invite_to_propose(user=request.user, need=need, capability=capability),
        done=_("%(firm)s was invited to propose «%(title)s».")
        % {"firm": capability.enterprise, "title": capability.title},
        then=reverse("technology:need_detail", kwargs={"pk": need.pk}),
    )


DETAIL_URLS: dict[str, str] = {
    RecordKind.NEED: "technology:need_detail",
    RecordKind.CAPABILITY: "technology:capability_detail",
}


@login_required
@require_http_methods(["GET", "POST"])
def record_form(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    """Posts or edits a need or a capability (``kind`` comes from the URL)."""
    is_need = kind == RecordKind.NEED
    instance: Any = None
    if pk is not None:
        get = selectors.need_get_for_change if is_need else selectors.capability_get_for_change
        instance = get(user=request.user, pk=pk)
    enterprises = selectors.enterprises_for_posting(user=request.user, kinds=_posting_kinds(kind))
    require(
        instance is not None or enterprises.exists(),
        _("You manage no enterprise that can post here."),
    )
    form_class: Any = NeedForm if is_need else CapabilityForm
    form = form_class(request.POST or None, instance=instance, enterprises=enterprises)

    def page(_status: int = 200) -> HttpResponse:
        # Form errors answer 200 on this page (as they always have), not run_action's 400.
        context = {"form": form, "instance": instance, "kind": kind}
        return render(request, "technology/record_form.html", context)

    if request.method != "POST":
        return page()

    def save() -> Any:
        data = dict(form.cleaned_data)
        if is_need and not data.get("province"):
            data.pop("province", None)
            if instance is None and data.get("enterprise"):
                data["province"] = data["enterprise"].province
        if is_need:
            if instance:
                return services.need_update(user=request.user, need=instance, data=data)
            return services.need_create(user=request.user, data=data)
        if instance:
            return services.capability_update(user=request.user, capability=instance, data=data)
        return services.capability_create(user=request.user, data=data)

    return run_action(
        request,
        save,
        done=_("Saved."),
        then=lambda record: reverse(DETAIL_URLS[kind], kwargs={"pk": record.pk}),
        form=form,
        rerender=page,
    )


@login_required
@require_POST
def proposal_create(request: HttpRequest, pk: int) -> HttpResponse:
    need = selectors.need_get(user=request.user, pk=pk)
    form = ProposalForm(
        request.POST, capabilities=selectors.capabilities_to_propose(user=request.user)
    )
    if not form.is_valid():
        messages.error(request, _("Choose a capability and write your proposal."))
        return redirect("technology:need_detail", pk=need.pk)
    return run_action(
        request,
        lambda: services.proposal_create(
            user=request.user,
            need=need,
            capability=form.cleaned_data["capability"],
            pitch=form.cleaned_data["pitch"],
        ),
        done=_("Your proposal was sent."),
        then=lambda proposal: reverse("technology:proposal_detail", kwargs={"pk": proposal.pk}),
        back=reverse("technology:need_detail", kwargs={"pk": need.pk}),
    )


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    proposals = selectors.proposal_list(user=request.user, state=state)
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
    action = request.POST.get("action", "") if request.method == "POST" else ""
    message_form = MessageForm(request.POST if action == "message" else None)
    agreement_form = AgreementForm(request.POST if action == ProposalState.SIGNED else None)
    here = reverse("technology:proposal_detail", kwargs={"pk": pk})

    def page(_status: int = 200) -> HttpResponse:
        # A form's errors answer 200 on this page (as they always have).
        actions = scope.allowed_actions(proposal)
        return render(
            request,
            "technology/proposal_detail.html",
            {
                "proposal": proposal,
                "actions": actions,
                "moves": [
                    (m, MOVE_LABELS[m])
                    for m in scope.allowed_moves(proposal)
                    if m != ProposalState.SIGNED
                ],
                "confidential": "confidential_details" not in scope.hidden_fields(proposal.need),
                **selectors.proposal_history(proposal=proposal),
                "message_form": message_form,
                "agreement_form": agreement_form,
            },
        )

    if action == "message":
        return run_action(
            request,
            lambda: services.proposal_message_add(
                user=request.user, proposal=proposal, body=message_form.cleaned_data["body"]
            ),
            done=None,
            then=here,
            form=message_form,
            rerender=page,
        )
    if action == ProposalState.SIGNED:
        return run_action(
            request,
            lambda: services.proposal_transition(
                user=request.user,
                proposal=proposal,
                to_state=ProposalState.SIGNED,
                **agreement_form.cleaned_data,
            ),
            done=_("The signed agreement was recorded."),
            then=here,
            form=agreement_form,
            rerender=page,
        )
    if action in ProposalState.values:
        return run_action(
            request,
            lambda: services.proposal_transition(
                user=request.user, proposal=proposal, to_state=action
            ),
            done=_("The proposal was updated."),
            then=here,
        )
    return page()


@login_required
def pipeline(request: HttpRequest) -> HttpResponse:
    board = selectors.proposal_pipeline(user=request.user)
    return render(request, "technology/pipeline.html", board)
