import datetime as dt
import sys
import types

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.http import Http404
from django.utils import timezone

from karsaz.clinics import selectors, services, tasks
from karsaz.clinics.choices import CaseState, FollowUpStatus, ReferralStatus
from karsaz.clinics.models import Case, CaseSession, FollowUp, Referral, add_months
from karsaz.clinics.services import referrals
from karsaz.registry.choices import EnterpriseKind
from karsaz.testing.factories import EnterpriseFactory
from karsaz.testing.factories_clinics import answers, make_consultant, open_case, working_case

pytestmark = pytest.mark.django_db


# Intake ------------------------------------------------------------------------------------
def test_client_request_computes_scores_and_urgent_areas(w):
    case = services.case_request(
        user=w.client,
        enterprise=w.sme,
        problem="  فروش كاهش يافته  ",
        answers=answers(("marketing", "export")),
    )
    assert case.state == CaseState.REQUESTED and case.province == w.qazvin
    assert case.problem == "فروش کاهش یافته"  # normalized Persian
    assert case.scores["marketing"] == 0 and case.scores["finance"] == 75
    assert case.urgent_areas == ["marketing", "export"]
    assert case.history.count() == 1


@pytest.mark.parametrize("who", ["qazvin_officer", "national"])
def test_staff_request_on_behalf_of_an_enterprise_in_scope(w, who):
    case = services.case_request(
        user=getattr(w, who), enterprise=w.sme, problem="x", answers=answers()
    )
    assert case.requested_by == getattr(w, who)


@pytest.mark.parametrize("who", ["client_employee", "other_client", "tehran_officer", "outsider"])
def test_others_may_not_request_for_the_enterprise(w, who):
    with pytest.raises(PermissionDenied):
        services.case_request(
            user=getattr(w, who), enterprise=w.sme, problem="x", answers=answers()
        )
    assert not Case.objects.exists()


def test_bad_intake_reports_every_field_and_writes_nothing(w):
    with pytest.raises(ValidationError) as exc:
        services.case_request(user=w.client, enterprise=w.sme, problem=" ", answers={"x": 1})
    assert set(exc.value.message_dict) == {"problem", "answers"}
    assert not Case.objects.exists()


def test_one_open_case_per_enterprise(w):
    open_case(w)
    with pytest.raises(ValidationError) as exc:
        open_case(w)
    assert "enterprise" in exc.value.message_dict


# Suggestion --------------------------------------------------------------------------------
def test_suggestion_ranks_by_urgent_specialty_then_free_capacity(w):
    case = open_case(w, weak=("finance", "marketing"))
    ranked = selectors.consultant_suggestions(case=case)
    # Tehran's expert does not serve Qazvin; finance is the most urgent (score 0 ties, order).
    assert [s.consultant for s in ranked] == [w.finance_expert, w.marketing_expert]
    assert ranked[0].matched == ("finance",) and ranked[0].score == 2
    case2 = services.case_request(
        user=w.national,
        enterprise=EnterpriseFactory(province=w.qazvin),
        problem="x",
        answers=answers(("marketing",)),
    )
    assert selectors.consultant_suggestions(case=case2)[0].consultant == w.marketing_expert


def test_suggestion_skips_full_expired_and_inactive_consultants(w):
    case = open_case(w)
    w.finance_expert.capacity = 1
    w.finance_expert.save()
    busy = services.case_request(
        user=w.national, enterprise=EnterpriseFactory(province=w.qazvin), problem="x",
        answers=answers(),
    )  # fmt: skip
    services.case_assign(user=w.national, case=busy, consultant=w.finance_expert)
    expired = make_consultant(
        clinic=w.clinic, username="cl-old", specialties=("finance",), provinces=[w.qazvin],
        expires_days=-1,
    )  # fmt: skip
    inactive = make_consultant(
        clinic=w.clinic, username="cl-off", specialties=("finance",), provinces=[w.qazvin]
    )
    inactive.active = False
    inactive.save()
    suggested = [s.consultant for s in selectors.consultant_suggestions(case=case)]
    assert suggested == [w.marketing_expert]
    assert expired not in suggested and inactive not in suggested
    w.clinic.accredited_until = timezone.localdate() - dt.timedelta(days=1)
    w.clinic.save()
    assert selectors.consultant_suggestions(case=case) == []


def test_staff_override_outside_the_rules_needs_a_reason(w):
    case = open_case(w)
    with pytest.raises(ValidationError) as exc:
        services.case_assign(user=w.national, case=case, consultant=w.tehran_expert)
    assert "override_reason" in exc.value.message_dict
    case.refresh_from_db()
    assert case.state == CaseState.REQUESTED and case.consultant is None
    services.case_assign(
        user=w.national, case=case, consultant=w.tehran_expert, override_reason="تخصص ویژه"
    )
    case.refresh_from_db()
    assert case.consultant == w.tehran_expert and case.clinic == w.clinic2
    assert case.override_reason == "تخصص ویژه"


def test_expired_accreditation_cannot_be_overridden(w):
    case = open_case(w)
    w.finance_expert.accreditation_expires = timezone.localdate() - dt.timedelta(days=1)
    w.finance_expert.save()
    with pytest.raises(ValidationError) as exc:
        services.case_assign(
            user=w.national, case=case, consultant=w.finance_expert, override_reason="x"
        )
    assert "consultant" in exc.value.message_dict


# Transitions by role -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("national", True), ("qazvin_officer", True), ("tehran_officer", False),
        ("client", False), ("marketing_expert", False), ("outsider", False),
    ],
)  # fmt: skip
def test_assign_by_role(w, who, allowed):
    case = open_case(w)
    user = getattr(w, who)
    user = getattr(user, "user", user)
    if allowed:
        services.case_assign(user=user, case=case, consultant=w.finance_expert)
        case.refresh_from_db()
        assert case.state == CaseState.ASSIGNED and case.assigned_at is not None
    else:
        with pytest.raises(PermissionDenied):
            services.case_assign(user=user, case=case, consultant=w.finance_expert)
        case.refresh_from_db()
        assert case.state == CaseState.REQUESTED


def _as(w, who):
    user = getattr(w, who)
    return getattr(user, "user", user)


WORKERS = [
    ("finance_expert", True), ("qazvin_officer", True), ("national", True),
    ("marketing_expert", False), ("client", False), ("tehran_officer", False),
    ("outsider", False),
]  # fmt: skip


@pytest.mark.parametrize(("who", "allowed"), WORKERS)
def test_start_by_role(w, who, allowed):
    case = working_case(w, with_session=False)
    if allowed:
        assert services.case_start(user=_as(w, who), case=case).state == CaseState.IN_PROGRESS
    else:
        with pytest.raises(PermissionDenied):
            services.case_start(user=_as(w, who), case=case)


@pytest.mark.parametrize(("who", "allowed"), WORKERS)
def test_close_by_role_schedules_follow_ups(w, who, allowed):
    case = working_case(w)
    if not allowed:
        with pytest.raises(PermissionDenied):
            services.case_close(user=_as(w, who), case=case, outcome="done")
        assert not FollowUp.objects.exists()
        return
    case = services.case_close(user=_as(w, who), case=case, outcome="برنامه تحویل شد")
    assert case.state == CaseState.CLOSED and case.closed_at is not None
    today = timezone.localdate()
    followups = list(case.followups.order_by("months"))
    assert [(f.months, f.status) for f in followups] == [
        (6, FollowUpStatus.SCHEDULED),
        (12, FollowUpStatus.SCHEDULED),
    ]
    assert followups[0].due_on == add_months(today, 6)
    assert followups[1].due_on == add_months(today, 12)


def test_close_needs_a_session_and_an_outcome(w):
    case = working_case(w, with_session=False)
    services.case_start(user=w.finance_expert.user, case=case)
    with pytest.raises(ValidationError) as exc:
        services.case_close(user=w.finance_expert.user, case=case, outcome="ok")
    assert "state" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.case_close(user=w.finance_expert.user, case=case, outcome="")
    assert "outcome" in exc.value.message_dict
    case.refresh_from_db()
    assert case.state == CaseState.IN_PROGRESS and not case.followups.exists()


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("client", True), ("qazvin_officer", True), ("national", True),
        ("client_employee", False), ("finance_expert", False), ("tehran_officer", False),
    ],
)  # fmt: skip
def test_cancel_by_role(w, who, allowed):
    case = working_case(w)
    if allowed:
        case = services.case_cancel(user=_as(w, who), case=case, reason="منصرف شدیم")
        assert case.state == CaseState.CANCELLED
    else:
        with pytest.raises(PermissionDenied):
            services.case_cancel(user=_as(w, who), case=case, reason="x")


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("national", True), ("qazvin_officer", True), ("tehran_officer", False),
        ("finance_expert", False), ("client", False),
    ],
)  # fmt: skip
def test_reopen_by_staff_only_and_pending_follow_ups_are_cancelled(w, who, allowed):
    case = working_case(w)
    case = services.case_close(user=w.finance_expert.user, case=case, outcome="x")
    if not allowed:
        with pytest.raises(PermissionDenied):
            services.case_reopen(user=_as(w, who), case=case)
        return
    case = services.case_reopen(user=_as(w, who), case=case)
    assert case.state == CaseState.IN_PROGRESS and case.closed_at is None
    assert set(case.followups.values_list("status", flat=True)) == {FollowUpStatus.CANCELLED}
    # Closing again schedules them anew from the new date.
    services.case_close(user=w.finance_expert.user, case=case, outcome="y")
    assert set(case.followups.values_list("status", flat=True)) == {FollowUpStatus.SCHEDULED}
    assert case.followups.count() == 2


def test_wrong_state_transitions_are_refused(w):
    case = open_case(w)
    with pytest.raises(ValidationError):
        services.case_reopen(user=w.national, case=case)
    with pytest.raises(ValidationError):
        services.case_start(user=w.national, case=case)  # not assigned yet
    case = services.case_cancel(user=w.client, case=case, reason="x")
    with pytest.raises(ValidationError):
        services.case_cancel(user=w.client, case=case, reason="x")
    with pytest.raises(ValidationError):
        services.case_assign(user=w.national, case=case, consultant=w.finance_expert)
    # A cancelled case without consultant reopens as a new request.
    assert services.case_reopen(user=w.national, case=case).state == CaseState.REQUESTED


# Sessions ----------------------------------------------------------------------------------
def test_first_session_starts_the_case_and_records_the_date(w):
    case = working_case(w, with_session=False)
    assert case.state == CaseState.ASSIGNED
    services.session_log(
        user=w.finance_expert.user, case=case, date=timezone.localdate(), minutes=45,
        mode="online", attachment=SimpleUploadedFile("plan.pdf", b"%PDF-1.4"),
    )  # fmt: skip
    case.refresh_from_db()
    assert case.state == CaseState.IN_PROGRESS and case.first_session_on == timezone.localdate()
    assert case.sessions.get().attachment.name.endswith(".pdf")


def test_bad_session_input_lists_every_field_and_writes_nothing(w):
    case = working_case(w, with_session=False)
    with pytest.raises(ValidationError) as exc:
        services.session_log(
            user=w.finance_expert.user, case=case,
            date=timezone.localdate() + dt.timedelta(days=2), minutes=2, mode="telepathy",
            attachment=SimpleUploadedFile("run.exe", b"MZ"),
        )  # fmt: skip
    assert set(exc.value.message_dict) == {"date", "minutes", "mode", "attachment"}
    assert not CaseSession.objects.exists()


def test_colleague_consultant_cannot_log_sessions(w):
    case = working_case(w, with_session=False)
    with pytest.raises(PermissionDenied):
        services.session_log(
            user=w.marketing_expert.user, case=case, date=timezone.localdate(), minutes=60,
            mode="phone",
        )  # fmt: skip


# Action plan -------------------------------------------------------------------------------
def test_action_plan_by_consultant_and_status_by_client(w):
    case = working_case(w)
    item = services.action_item_add(
        user=w.finance_expert.user, case=case, title="بودجه نقدی", owner="مدیر مالی",
        due_date=timezone.localdate(),
    )  # fmt: skip
    services.action_item_set_status(user=w.client, item=item, status="done")
    item.refresh_from_db()
    assert item.status == "done"
    with pytest.raises(PermissionDenied):
        services.action_item_set_status(user=w.outsider, item=item, status="open")
    with pytest.raises(ValidationError):
        services.action_item_set_status(user=w.client, item=item, status="bogus")
    with pytest.raises(ValidationError) as exc:
        services.action_item_add(
            user=w.finance_expert.user, case=case, title="", owner="", due_date=None
        )
    assert set(exc.value.message_dict) == {"title", "owner", "due_date"}


# Referrals ---------------------------------------------------------------------------------
def test_referral_to_a_programme_not_installed_stays_pending(w, monkeypatch):
    case = working_case(w)
    monkeypatch.setattr(referrals.apps, "is_installed", lambda name: False)
    referral = services.referral_create(
        user=w.finance_expert.user, case=case, target="technology", description="نیاز به اتوماسیون"
    )
    assert referral.status == ReferralStatus.PENDING and referral.linked_id is None


def test_referral_creates_the_linked_record_in_an_installed_programme(w, monkeypatch):
    """An installed programme offering the hook gets asked, and the referral links its record."""
    case = working_case(w)
    made = []

    def create_from_clinic_referral(*, user, enterprise, description, case_id):
        # Stands in for the programme's own service: here it records a real Referral-free row.
        record = EnterpriseFactory(kind=EnterpriseKind.OTHER, name_fa=description[:50])
        made.append((user, enterprise, case_id))
        return record

    hook = types.ModuleType("karsaz.capital.referrals")
    hook.create_from_clinic_referral = create_from_clinic_referral
    monkeypatch.setitem(sys.modules, "karsaz.capital.referrals", hook)
    monkeypatch.setattr(referrals.apps, "is_installed", lambda name: name == "karsaz.capital")
    referral = services.referral_create(
        user=w.finance_expert.user, case=case, target="capital", description="آمادگی بازار سرمایه"
    )
    assert referral.status == ReferralStatus.LINKED
    assert referral.linked_model == "registry.enterprise" and referral.linked_id
    assert made == [(w.finance_expert.user, w.sme, case.pk)]


def test_referral_to_the_technology_exchange_drafts_a_closed_need(w, match_index):
    """The real hook: the client SME gets a draft need only its people and staff see."""
    from karsaz.technology import indexing, selectors
    from karsaz.technology.choices import RecordKind

    case = working_case(w)
    referral = services.referral_create(
        user=w.finance_expert.user,
        case=case,
        target="technology",
        description="اتوماسیون خط بسته‌بندی\nتوقف‌های مکرر دستگاه پرکن.",
    )
    assert referral.status == ReferralStatus.LINKED
    assert referral.linked_model == "technology.technologyneed"
    need = selectors.need_get(user=w.client, pk=referral.linked_id)
    assert need.enterprise == w.sme and need.status == "closed"
    assert need.title == "اتوماسیون خط بسته‌بندی" and "پرکن" in need.summary
    assert str(case.pk) in need.confidential_details and "clinic" not in need.summary
    assert need.pk not in indexing.get_index(RecordKind.NEED)  # a draft is never matched
    with pytest.raises(Http404):
        selectors.need_get(user=w.outsider, pk=need.pk)


def test_referral_bad_input_and_roles(w):
    case = working_case(w)
    with pytest.raises(ValidationError) as exc:
        services.referral_create(user=w.finance_expert.user, case=case, target="x", description="")
    assert set(exc.value.message_dict) == {"target", "description"}
    with pytest.raises(PermissionDenied):
        services.referral_create(user=w.client, case=case, target="finance", description="x")
    assert not Referral.objects.exists()


# Impact ------------------------------------------------------------------------------------
IMPACT = {
    "jobs_created": 3, "jobs_retained": 20, "sales_change": -5_000_000_000,
    "financing_obtained": 2_000_000_000, "new_products": 1, "exports": 0,
}  # fmt: skip


def _closed(w):
    case = working_case(w)
    return services.case_close(user=w.finance_expert.user, case=case, outcome="x")


def _due(followup):
    """Six (or twelve) months have passed: the follow-up is due today."""
    FollowUp.objects.filter(pk=followup.pk).update(due_on=timezone.localdate())
    followup.refresh_from_db()
    return followup


def test_consultant_records_and_client_confirms_impact(w):
    case = _closed(w)
    followup = _due(case.followups.get(months=6))
    followup = services.followup_record(user=w.finance_expert.user, followup=followup, data=IMPACT)
    assert followup.status == FollowUpStatus.RECORDED and followup.sales_change == -5_000_000_000
    with pytest.raises(PermissionDenied):
        services.followup_confirm(user=w.finance_expert.user, followup=followup)
    with pytest.raises(PermissionDenied):
        services.followup_confirm(user=w.client_employee, followup=followup)
    followup = services.followup_confirm(user=w.client, followup=followup)
    assert followup.status == FollowUpStatus.CONFIRMED and followup.confirmed_by == w.client
    with pytest.raises(ValidationError):
        services.followup_record(user=w.finance_expert.user, followup=followup, data=IMPACT)


def test_client_entry_is_confirmed_at_once_and_bad_figures_write_nothing(w):
    case = _closed(w)
    followup = _due(case.followups.get(months=12))
    with pytest.raises(ValidationError) as exc:
        services.followup_record(
            user=w.client, followup=followup,
            data={**IMPACT, "jobs_created": -1, "exports": "many", "financing_obtained": 10**20},
        )  # fmt: skip
    assert set(exc.value.message_dict) == {"jobs_created", "exports", "financing_obtained"}
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.SCHEDULED and followup.jobs_retained is None
    followup = services.followup_record(user=w.client, followup=followup, data=IMPACT)
    assert followup.status == FollowUpStatus.CONFIRMED
    with pytest.raises(PermissionDenied):
        services.followup_record(
            user=w.outsider, followup=case.followups.get(months=6), data=IMPACT
        )


def test_impact_is_neither_recorded_nor_confirmed_before_it_is_due(w):
    """Issue 11, finding 13: a follow-up due tomorrow refuses figures with a clear error."""
    case = _closed(w)
    six = case.followups.get(months=6)
    FollowUp.objects.filter(pk=six.pk).update(due_on=timezone.localdate() + dt.timedelta(days=1))
    for user in (w.client, w.finance_expert.user, w.qazvin_officer):
        with pytest.raises(ValidationError) as caught:
            services.followup_record(user=user, followup=six, data=IMPACT)
        assert set(caught.value.message_dict) == {"due_on"}
    six.refresh_from_db()
    assert six.status == FollowUpStatus.SCHEDULED and six.jobs_created is None
    # Figures recorded on the due date cannot be confirmed if the date was moved later.
    FollowUp.objects.filter(pk=six.pk).update(due_on=timezone.localdate())
    six = services.followup_record(user=w.finance_expert.user, followup=six, data=IMPACT)
    FollowUp.objects.filter(pk=six.pk).update(due_on=timezone.localdate() + dt.timedelta(days=1))
    with pytest.raises(ValidationError) as caught:
        services.followup_confirm(user=w.client, followup=six)
    assert set(caught.value.message_dict) == {"due_on"}
    assert FollowUp.objects.get(pk=six.pk).status == FollowUpStatus.RECORDED


def test_confirmed_impact_is_corrected_with_a_reason_and_reconfirmed(w):
    case = _closed(w)
    six = _due(case.followups.get(months=6))
    six = services.followup_record(user=w.client, followup=six, data=IMPACT)
    assert six.status == FollowUpStatus.CONFIRMED
    fixed = {**IMPACT, "jobs_created": 7}
    for user in (w.client, w.outsider, w.marketing_expert.user):  # not the client, not others
        with pytest.raises(PermissionDenied):
            services.followup_correct(user=user, followup=six, data=fixed, reason="x")
    with pytest.raises(ValidationError) as caught:
        services.followup_correct(user=w.finance_expert.user, followup=six, data=fixed, reason="")
    assert set(caught.value.message_dict) == {"reason"}
    six = services.followup_correct(
        user=w.finance_expert.user, followup=six, data=fixed, reason="اشتباه تایپی در مشاغل"
    )
    assert (six.status, six.jobs_created, six.confirmed_by) == (FollowUpStatus.RECORDED, 7, None)
    last, before = six.history.all()[:2]
    assert last.history_change_reason == "اشتباه تایپی در مشاغل"
    assert last.history_user == w.finance_expert.user
    assert (before.jobs_created, before.status) == (IMPACT["jobs_created"], "confirmed")
    six = services.followup_confirm(user=w.client, followup=six)
    assert six.status == FollowUpStatus.CONFIRMED and six.jobs_created == 7
    # Supervising staff may correct too; a scheduled follow-up has nothing to correct.
    six = services.followup_correct(
        user=w.qazvin_officer, followup=six, data=IMPACT, reason="بازبینی استان"
    )
    assert six.jobs_created == IMPACT["jobs_created"]
    with pytest.raises(ValidationError):
        services.followup_correct(
            user=w.qazvin_officer, followup=case.followups.get(months=12), data=IMPACT, reason="x"
        )


def test_overdue_follow_ups_are_flagged_by_the_task_and_the_command(w):
    case = _closed(w)
    six = case.followups.get(months=6)
    FollowUp.objects.filter(pk=six.pk).update(due_on=timezone.localdate() - dt.timedelta(days=1))
    result = tasks.flag_overdue_followups.enqueue()
    assert result.return_value == 1
    six.refresh_from_db()
    assert six.overdue and six.overdue_flagged_at is not None
    assert not case.followups.get(months=12).overdue_flagged_at
    # Already flagged: the command finds nothing new.
    call_command("clinics_flag_overdue", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert services.followups_flag_overdue() == 0


def test_satisfaction_once_by_the_client_after_closing(w):
    case = working_case(w)
    with pytest.raises(ValidationError):
        services.satisfaction_submit(user=w.client, case=case, score=5, would_recommend=True)
    case = services.case_close(user=w.finance_expert.user, case=case, outcome="x")
    with pytest.raises(PermissionDenied):
        services.satisfaction_submit(
            user=w.finance_expert.user, case=case, score=5, would_recommend=True
        )
    with pytest.raises(ValidationError) as exc:
        services.satisfaction_submit(user=w.client, case=case, score=9, would_recommend=True)
    assert "score" in exc.value.message_dict
    survey = services.satisfaction_submit(user=w.client, case=case, score=4, would_recommend=True)
    assert survey.score == 4
    with pytest.raises(ValidationError):
        services.satisfaction_submit(user=w.client, case=case, score=5, would_recommend=True)


def test_stale_cases(w):
    case = working_case(w)
    assert not Case.objects.filter(selectors.stale_q()).exists()
    Case.objects.filter(pk=case.pk).update(
        last_activity_at=timezone.now() - dt.timedelta(days=selectors.STALE_DAYS + 1)
    )
    assert list(Case.objects.filter(selectors.stale_q())) == [case]


# Clinics and consultants -------------------------------------------------------------------
def test_only_national_staff_accredit_consultancies_as_clinics(w):
    firm = EnterpriseFactory(kind=EnterpriseKind.CONSULTANCY, province=w.qazvin)
    with pytest.raises(PermissionDenied):
        services.clinic_create(
            user=w.qazvin_officer, enterprise=firm, accredited_until=dt.date(2030, 1, 1)
        )
    with pytest.raises(ValidationError) as exc:
        services.clinic_create(
            user=w.national, enterprise=w.sme, accredited_until=dt.date(2030, 1, 1)
        )
    assert "enterprise" in exc.value.message_dict
    clinic = services.clinic_create(
        user=w.national, enterprise=firm, accredited_until=dt.date(2030, 1, 1)
    )
    assert clinic.accredited and clinic.history.count() == 1
    with pytest.raises(ValidationError):
        services.clinic_create(
            user=w.national, enterprise=firm, accredited_until=dt.date(2030, 1, 1)
        )


def test_a_consultant_must_belong_to_the_clinic_and_name_valid_specialties(w):
    kwargs = {
        "clinic": w.clinic, "specialties": ["finance"], "provinces": [w.qazvin],
        "accreditation_expires": dt.date(2030, 1, 1),
    }  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.consultant_create(user=w.national, person=w.outsider, **kwargs)
    assert "user" in exc.value.message_dict
    colleague = w.marketing_expert.user
    with pytest.raises(ValidationError):  # already a consultant of this clinic
        services.consultant_create(user=w.national, person=colleague, **kwargs)
    from karsaz.registry.models import Membership

    Membership.objects.create(user=w.outsider, enterprise=w.clinic.enterprise, role="employee")
    with pytest.raises(ValidationError) as exc:
        services.consultant_create(
            user=w.national, person=w.outsider, **{**kwargs, "specialties": ["astrology"]}
        )
    assert "specialties" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.consultant_create(user=w.national, person=w.outsider, **{**kwargs, "capacity": 0})
    assert "capacity" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.consultant_create(user=w.qazvin_officer, person=w.outsider, **kwargs)
    consultant = services.consultant_create(user=w.national, person=w.outsider, **kwargs)
    assert list(consultant.provinces.all()) == [w.qazvin] and consultant.accredited


def test_the_database_refuses_a_second_open_case_that_slipped_past_the_check(w, monkeypatch):
    open_case(w)
    # Simulate the race: the service's own check sees no open case.
    real_filter = Case.objects.filter

    class Blind:
        def exists(self):
            return False

    monkeypatch.setattr(
        Case.objects,
        "filter",
        lambda *a, **k: Blind() if "state__in" in k else real_filter(*a, **k),
    )
    with pytest.raises(ValidationError) as exc:
        open_case(w)
    assert "enterprise" in exc.value.message_dict
    monkeypatch.undo()
    assert Case.objects.count() == 1


def test_assignment_and_closing_send_mail_after_commit(w, django_capture_on_commit_callbacks):
    from django.core import mail

    w.finance_expert.user.language = "en"
    w.finance_expert.user.save()
    case = open_case(w)
    with django_capture_on_commit_callbacks(execute=True):
        case = services.case_assign(user=w.national, case=case, consultant=w.finance_expert)
    assert [m.to for m in mail.outbox] == [[w.finance_expert.user.email]]
    assert "assigned to you" in mail.outbox[0].subject
    services.session_log(
        user=w.finance_expert.user, case=case, date=timezone.localdate(), minutes=30, mode="phone"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.case_close(user=w.finance_expert.user, case=case, outcome="x")
    assert mail.outbox[1].to == [w.client.email]  # the owner, not the employee
    assert "بسته" in mail.outbox[1].subject  # in the client's language (Persian)
    assert len(mail.outbox) == 2
