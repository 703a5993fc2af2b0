"""Pages of the clinics: thin views over selectors (reads) and services (writes)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from karsaz.clinics import diagnostic, exporting, selectors, services
from karsaz.clinics.choices import Area, CaseState, FollowUpStatus, ReadKind
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
from karsaz.clinics.models import ActionItem, Case, FollowUp, Referral
from karsaz.clinics.permissions import ClinicScope, require
from karsaz.core.filters import invalid_filter_response
from karsaz.core.forms import apply_errors
from karsaz.core.listing import filtered_page
from karsaz.registry.models import Enterprise

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
            "can_request": scope.staff
            or selectors.enterprises_for_request(user=request.user).exists(),
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
        scope.staff or enterprises.exists(),
        _("Only an enterprise's owner or manager, or agency staff, may request help."),
    )
    form = IntakeForm(request.POST or None, enterprises=enterprises, staff=scope.staff)
    if request.method == "POST" and form.is_valid():
        enterprise = form.cleaned_data["enterprise"]
        if scope.staff:
            enterprise = Enterprise.objects.filter(pk=enterprise).first()
        if enterprise is None:
            form.add_error("enterprise", _("No enterprise has this ID."))
        else:
            try:
                case = services.case_request(
                    user=request.user,
                    enterprise=enterprise,
                    problem=form.cleaned_data["problem"],
                    answers=form.answers(),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Your request was registered."))
                return redirect("clinics:case_detail", pk=case.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "clinics/case_request.html", {"form": form}, status=status)


def _detail(request: HttpRequest, case: Case, status: int = 200, **forms: Any) -> HttpResponse:
    scope = ClinicScope(request.user)
    sessions = selectors.case_sessions(user=request.user, case=case)
    is_staff = scope.can_assign(case)
    suggestions = selectors.consultant_suggestions(case=case) if is_staff and case.is_open else []
    scores = case.scores or {}
    context = {
        "case": case,
        "scope": scope,
        "can_assign": is_staff and case.is_open,
        "can_work": scope.can_work(case),
        "can_cancel": scope.can_cancel(case) and case.is_open,
        "can_reopen": scope.can_reopen(case) and not case.is_open,
        "can_record_impact": scope.can_record_impact(case),
        "can_confirm": scope.can_confirm_impact(case),
        "can_correct": scope.can_correct_impact(case),
        "can_survey": scope.is_client_editor(case)
        and case.state == CaseState.CLOSED
        and not hasattr(case, "satisfaction"),
        "can_audit": scope.can_view_audit(case),
        "supervises": scope.supervises(case),
        "client_editor": scope.is_client_editor(case),
        "sessions": sessions["sessions"],
        "notes_visible": sessions["notes_visible"],
        "hours": round(sum(s.minutes for s in sessions["sessions"]) / 60, 1),
        "action_items": case.action_items.all(),
        "referrals": case.referrals.all(),
        "followups": case.followups.all(),
        "suggestions": suggestions,
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


def _done(request: HttpRequest, case: Case, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("clinics:case_detail", pk=case.pk)


def _failed(request: HttpRequest, case: Case, name: str, form: Any, exc: ValidationError) -> Any:
    apply_errors(form, exc)
    return _detail(request, case, 400, **{name: form})


@login_required
@require_POST
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _detail(request, case, 400, assign_form=form)
    try:
        services.case_assign(
            user=request.user,
            case=case,
            consultant=form.cleaned_data["consultant"],
            override_reason=form.cleaned_data["override_reason"],
        )
    except ValidationError as exc:
        return _failed(request, case, "assign_form", form, exc)
    return _done(request, case, _("The case was assigned."))


@login_required
@require_POST
def case_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    form: Any
    try:
        if action == "start":
            services.case_start(user=request.user, case=case)
        elif action == "close":
            form = CloseForm(request.POST)
            if not form.is_valid():
                return _detail(request, case, 400, close_form=form)
            try:
                services.case_close(
                    user=request.user, case=case, outcome=form.cleaned_data["outcome"]
                )
            except ValidationError as exc:
                return _failed(request, case, "close_form", form, exc)
        elif action == "cancel":
            form = CancelForm(request.POST)
            if not form.is_valid():
                return _detail(request, case, 400, cancel_form=form)
            try:
                services.case_cancel(
                    user=request.user, case=case, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                return _failed(request, case, "cancel_form", form, exc)
        elif action == "reopen":
            services.case_reopen(user=request.user, case=case)
        else:
            raise Http404
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("clinics:case_detail", pk=case.pk)
    return _done(request, case, _("The case was updated."))


@login_required
@require_POST
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    form = SessionForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, case, 400, session_form=form)
    try:
        services.session_log(user=request.user, case=case, **form.cleaned_data)
    except ValidationError as exc:
        return _failed(request, case, "session_form", form, exc)
    return _done(request, case, _("The session was logged."))


@login_required
def session_attachment(request: HttpRequest, pk: int, session_pk: int) -> FileResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    session = selectors.session_get_for_notes(user=request.user, case=case, pk=session_pk)
    if not session.attachment:
        raise Http404
    services.notes_read_record(
        user=request.user, case=case, kind=ReadKind.ATTACHMENT, sessions=[session]
    )
    name = session.attachment.name.rsplit("/", 1)[-1]
    return FileResponse(session.attachment.open("rb"), as_attachment=True, filename=name)


@login_required
@require_POST
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    form = ActionItemForm(request.POST)
    if not form.is_valid():
        return _detail(request, case, 400, action_form=form)
    try:
        services.action_item_add(user=request.user, case=case, **form.cleaned_data)
    except ValidationError as exc:
        return _failed(request, case, "action_form", form, exc)
    return _done(request, case, _("The action was added to the plan."))


@login_required
@require_POST
def action_status(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    item = get_object_or_404(ActionItem, pk=item_pk, case=case)
    try:
        services.action_item_set_status(
            user=request.user, item=item, status=request.POST.get("status", "")
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("clinics:case_detail", pk=case.pk)
    return _done(request, case, _("The action plan was updated."))


@login_required
@require_POST
def referral_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    form = ReferralForm(request.POST)
    if not form.is_valid():
        return _detail(request, case, 400, referral_form=form)
    try:
        services.referral_create(user=request.user, case=case, **form.cleaned_data)
    except ValidationError as exc:
        return _failed(request, case, "referral_form", form, exc)
    return _done(request, case, _("The referral was made."))


@login_required
@require_POST
def referral_close(request: HttpRequest, pk: int, referral_pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    referral = get_object_or_404(Referral, pk=referral_pk, case=case)
    try:
        services.referral_close(user=request.user, referral=referral)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("clinics:case_detail", pk=case.pk)
    return _done(request, case, _("The referral was closed."))


@login_required
@require_POST
def followup_record(request: HttpRequest, pk: int, followup_pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    followup = get_object_or_404(FollowUp, pk=followup_pk, case=case)
    form = ImpactForm(request.POST)
    if not form.is_valid():
        return _detail(request, case, 400, impact_form=form)
    try:
        services.followup_record(user=request.user, followup=followup, data=form.cleaned_data)
    except ValidationError as exc:
        return _failed(request, case, "impact_form", form, exc)
    return _done(request, case, _("The impact was recorded."))


@login_required
@require_POST
def followup_correct(request: HttpRequest, pk: int, followup_pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    followup = get_object_or_404(FollowUp, pk=followup_pk, case=case)
    form = ImpactCorrectionForm(request.POST)
    if not form.is_valid():
        return _detail(request, case, 400, correction_form=form)
    data = dict(form.cleaned_data)
    reason = data.pop("reason")
    try:
        services.followup_correct(user=request.user, followup=followup, data=data, reason=reason)
    except ValidationError as exc:
        return _failed(request, case, "correction_form", form, exc)
    return _done(request, case, _("The impact was corrected; the client is asked to confirm it."))


@login_required
@require_POST
def followup_confirm(request: HttpRequest, pk: int, followup_pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    followup = get_object_or_404(FollowUp, pk=followup_pk, case=case)
    try:
        services.followup_confirm(user=request.user, followup=followup)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("clinics:case_detail", pk=case.pk)
    return _done(request, case, _("The impact was confirmed."))


@login_required
@require_POST
def satisfaction_submit(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    form = SatisfactionForm(request.POST)
    if not form.is_valid():
        return _detail(request, case, 400, survey_form=form)
    try:
        services.satisfaction_submit(user=request.user, case=case, **form.cleaned_data)
    except ValidationError as exc:
        return _failed(request, case, "survey_form", form, exc)
    return _done(request, case, _("Thank you for your answers."))


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
    consultants = list(selectors.consultant_list(user=request.user).filter(active=True))
    load = selectors.consultant_load(consultants)
    for c in consultants:
        c.open_cases = load.get(c.pk, 0)  # type: ignore[attr-defined]
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
