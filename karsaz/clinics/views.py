"""Pages of the clinics: thin views over selectors (reads) and services (writes)."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from karsaz.accounts.scope import require
from karsaz.clinics import diagnostic, exporting, selectors, services
from karsaz.clinics.choices import Area, FollowUpStatus
from karsaz.clinics.errors import ClinicsErrorCode
from karsaz.clinics.filters import CaseFilter
from karsaz.clinics.forms import (
    ActionItemForm,
    ActionStatusForm,
    AssignForm,
    CancelForm,
    CloseForm,
    ImpactCorrectionForm,
    ImpactForm,
    IntakeForm,
    ReferralForm,
    SatisfactionForm,
    SessionForm,
)
from karsaz.clinics.models import Case
from karsaz.clinics.permissions import ClinicScope
from karsaz.core.actions import run_action
from karsaz.core.errors import field_error
from karsaz.core.filters import invalid_filter_response
from karsaz.core.listing import filtered_page

PAGE_SIZE = 25
AREA_LABELS = dict(Area.choices)


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    filterset = CaseFilter(
        request.GET, queryset=selectors.case_list(user=request.user), request=request
    )
    scope = ClinicScope(request.user)
    return filtered_page(
        request,
        filterset,
        per_page=PAGE_SIZE,
        template="clinics/case_list.html",
        partial_template="clinics/partials/case_table.html",
        extra_context={
            "scope": scope,
            "can_request": selectors.can_request_help(user=request.user),
        },
    )


@login_required
def case_export(request: HttpRequest) -> HttpResponse:
    filterset = CaseFilter(
        request.GET, queryset=selectors.case_list(user=request.user), request=request
    )
    if (invalid := invalid_filter_response(filterset)) is not None:
        return invalid
    content = exporting.export_cases(user=request.user, cases=filterset.qs)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="karsaz-clinic-cases.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def case_request(request: HttpRequest) -> HttpResponse:
    scope = ClinicScope(request.user)
    enterprises = selectors.enterprises_for_request(user=request.user)
    require(
        selectors.can_request_help(user=request.user),
        _("Only an enterprise's owner or manager, or agency staff, may request help."),
    )
    form = IntakeForm(request.POST or None, enterprises=enterprises, staff=scope.staff)

    def page(status: int) -> HttpResponse:
        return render(request, "clinics/case_request.html", {"form": form}, status=status)

    if request.method != "POST":
        return page(200)

    def call() -> Case:
        enterprise = form.cleaned_data["enterprise"]
        if scope.staff:
            enterprise = selectors.enterprise_find(pk=enterprise)
        if enterprise is None:
            raise field_error(
                "enterprise", _("No enterprise has this ID."), ClinicsErrorCode.INVALID
            )
        return services.case_request(
            user=request.user,
            enterprise=enterprise,
            problem=form.cleaned_data["problem"],
            answers=form.answers(),
        )

    return run_action(
        request,
        call,
        form=form,
        rerender=page,
        done=_("Your request was registered."),
        then=lambda case: reverse("clinics:case_detail", args=[case.pk]),
    )


def _detail(request: HttpRequest, case: Case, status: int = 200, **forms: Any) -> HttpResponse:
    scope = ClinicScope(request.user)
    sessions = selectors.case_sessions(user=request.user, case=case)
    actions = scope.allowed_actions(case)
    scores = case.scores or {}
    context = {
        "case": case,
        "actions": actions,
        "sessions": sessions["sessions"],
        "hidden": sessions["hidden"],
        "hours": round(sum(s.minutes for s in sessions["sessions"]) / 60, 1),
        "action_items": case.action_items.all(),
        "referrals": [(r, scope.referral_actions(r)) for r in case.referrals.all()],
        "followups": [(f, scope.followup_actions(f)) for f in case.followups.all()],
        "suggestions": selectors.consultant_suggestions(case=case) if "assign" in actions else [],
        "score_rows": [(AREA_LABELS[a], scores.get(a)) for a in Area.values],
        "urgent": [AREA_LABELS[a] for a in case.urgent_areas or []],
        "radar": mark_safe(  # noqa: S308 - built from numbers and escaped labels
            diagnostic.radar_svg(scores, title=_("Diagnostic scores"))
        )
        if scores
        else "",
        "assign_form": forms.get("assign_form") or AssignForm(),
        "session_form": forms.get("session_form") or SessionForm(),
        "action_form": forms.get("action_form") or ActionItemForm(),
        "referral_form": forms.get("referral_form") or ReferralForm(),
        "close_form": forms.get("close_form") or CloseForm(),
        "cancel_form": forms.get("cancel_form") or CancelForm(),
        "impact_form": forms.get("impact_form") or ImpactForm(),
        "correction_form": forms.get("correction_form") or ImpactCorrectionForm(),
        "survey_form": forms.get("survey_form") or SatisfactionForm(),
        "status_choices": ActionStatusForm.base_fields["status"].choices,  # type: ignore[attr-defined]
    }
    return render(request, "clinics/case_detail.html", context, status=status)


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.case_get(user=request.user, pk=pk))


def _act(
    request: HttpRequest,
    case: Case,
    call: Callable[[], Any],
    done: str,
    *,
    form: Any = None,
    name: str = "",
) -> HttpResponse:
    """run_action on the case page: a refused form shows the page again with it (400)."""
    return run_action(
        request,
        call,
        done=done,
        then=reverse("clinics:case_detail", args=[case.pk]),
        form=form,
        rerender=(lambda status: _detail(request, case, status, **{name: form}))
        if form is not None
        else None,
    )


@login_required
@require_POST
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    form = AssignForm(request.POST)
    return _act(
        request,
        case,
        lambda: services.case_assign(
            user=request.user,
            case=case,
            consultant=form.cleaned_data["consultant"],
            override_reason=form.cleaned_data["override_reason"],
        ),
        _("The case was assigned."),
        form=form,
        name="assign_form",
    )


@login_required
@require_POST
def case_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    done = _("The case was updated.")
    if action == "start":
        return _act(request, case, lambda: services.case_start(user=request.user, case=case), done)
    if action == "reopen":
        return _act(request, case, lambda: services.case_reopen(user=request.user, case=case), done)
    if action == "close":
        close = CloseForm(request.POST)
        return _act(
            request,
            case,
            lambda: services.case_close(
                user=request.user, case=case, outcome=close.cleaned_data["outcome"]
            ),
            done,
            form=close,
            name="close_form",
        )
    if action == "cancel":
        cancel = CancelForm(request.POST)
        return _act(
            request,
            case,
            lambda: services.case_cancel(
                user=request.user, case=case, reason=cancel.cleaned_data["reason"]
            ),
            done,
            form=cancel,
            name="cancel_form",
        )
    raise Http404


@login_required
@require_POST
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    form = SessionForm(request.POST, request.FILES)
    return _act(
        request,
        case,
        lambda: services.session_log(user=request.user, case=case, **form.cleaned_data),
        _("The session was logged."),
        form=form,
        name="session_form",
    )


@login_required
def session_attachment(request: HttpRequest, pk: int, session_pk: int) -> FileResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    session = selectors.session_attachment_get(user=request.user, case=case, pk=session_pk)
    name = session.attachment.name.rsplit("/", 1)[-1]
    return FileResponse(session.attachment.open("rb"), as_attachment=True, filename=name)


@login_required
@require_POST
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    form = ActionItemForm(request.POST)
    return _act(
        request,
        case,
        lambda: services.action_item_add(user=request.user, case=case, **form.cleaned_data),
        _("The action was added to the plan."),
        form=form,
        name="action_form",
    )


@login_required
@require_POST
def action_status(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    item = selectors.action_item_get(case=case, pk=item_pk)
    return _act(
        request,
        case,
        lambda: services.action_item_set_status(
            user=request.user, item=item, status=request.POST.get("status", "")
        ),
        _("The action plan was updated."),
    )


@login_required
@require_POST
def referral_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    form = ReferralForm(request.POST)
    return _act(
        request,
        case,
        lambda: services.referral_create(user=request.user, case=case, **form.cleaned_data),
        _("The referral was made."),
        form=form,
        name="referral_form",
    )


@login_required
@require_POST
def referral_close(request: HttpRequest, pk: int, referral_pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    referral = selectors.referral_get(case=case, pk=referral_pk)
    return _act(
        request,
        case,
        lambda: services.referral_close(user=request.user, referral=referral),
        _("The referral was closed."),
    )


@login_required
@require_POST
def followup_record(request: HttpRequest, pk: int, followup_pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    followup = selectors.followup_get(case=case, pk=followup_pk)
    form = ImpactForm(request.POST)
    return _act(
        request,
        case,
        lambda: services.followup_record(
            user=request.user, followup=followup, data=form.cleaned_data
        ),
        _("The impact was recorded."),
        form=form,
        name="impact_form",
    )


@login_required
@require_POST
def followup_correct(request: HttpRequest, pk: int, followup_pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    followup = selectors.followup_get(case=case, pk=followup_pk)
    form = ImpactCorrectionForm(request.POST)

    def call() -> Any:
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        return services.followup_correct(
            user=request.user, followup=followup, data=data, reason=reason
        )

    return _act(
        request,
        case,
        call,
        _("The impact was corrected; the client is asked to confirm it."),
        form=form,
        name="correction_form",
    )


@login_required
@require_POST
def followup_confirm(request: HttpRequest, pk: int, followup_pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    followup = selectors.followup_get(case=case, pk=followup_pk)
    return _act(
        request,
        case,
        lambda: services.followup_confirm(user=request.user, followup=followup),
        _("The impact was confirmed."),
    )


@login_required
@require_POST
def satisfaction_submit(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    form = SatisfactionForm(request.POST)
    return _act(
        request,
        case,
        lambda: services.satisfaction_submit(user=request.user, case=case, **form.cleaned_data),
        _("Thank you for your answers."),
        form=form,
        name="survey_form",
    )


@login_required
def case_audit(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    reads = selectors.note_reads(user=request.user, case=case)[:500]
    changes = selectors.case_change_history(user=request.user, case=case)
    return render(
        request, "clinics/case_audit.html", {"case": case, "reads": reads, "changes": changes}
    )


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    clinics = selectors.clinic_list(user=request.user)
    consultants = selectors.consultant_directory(user=request.user)
    for c in consultants:
        c.specialty_labels = [AREA_LABELS.get(s, s) for s in c.specialties]  # type: ignore[attr-defined]
    return render(
        request, "clinics/directory.html", {"clinics": clinics, "consultants": consultants}
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    data = selectors.dashboard(user=request.user)
    scope = ClinicScope(request.user)
    return render(
        request,
        "clinics/dashboard.html",
        {
            **data,
            "scope": scope,
            "satisfaction": selectors.satisfaction_average(user=request.user),
            "FollowUpStatus": FollowUpStatus,
        },
    )
