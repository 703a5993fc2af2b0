"""Sessions, the action plan and referrals."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from karsaz.clinics import services
from karsaz.clinics.choices import CaseState, ReferralStatus
from karsaz.clinics.models import CaseSession, Referral
from karsaz.clinics.services import referrals
from karsaz.registry.choices import EnterpriseKind
from karsaz.testing.factories import EnterpriseFactory
from karsaz.testing.factories_clinics import working_case

pytestmark = pytest.mark.django_db


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
    monkeypatch.setattr(referrals.modules, "hooks", lambda name: {})  # nothing installed
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

    offered = {"capital": create_from_clinic_referral}
    monkeypatch.setattr(
        referrals.modules, "hooks", lambda name: offered if name == "clinic_referral" else {}
    )
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
