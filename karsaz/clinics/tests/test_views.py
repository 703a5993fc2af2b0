import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from karsaz.clinics import services
from karsaz.clinics.choices import CaseState, ReadKind
from karsaz.clinics.models import Case, FollowUp, NoteRead
from karsaz.clinics.services import referrals
from karsaz.core import jalali
from karsaz.testing.factories import EnterpriseFactory
from karsaz.testing.factories_clinics import answers, working_case

pytestmark = pytest.mark.django_db
SECRET = "بدهی معوق"


def client_for(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="fa")
    client.force_login(user)
    return client


def user_of(w, who):
    user = getattr(w, who)
    return getattr(user, "user", user)


def test_anonymous_is_sent_to_sign_in(w):
    response = Client().get("/clinics/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_intake_page_posts_a_case_with_scores_and_radar(w):
    client = client_for(w.client)
    page = client.get("/clinics/request/")
    assert page.status_code == 200 and 'name="q_strategy_plan"' in page.content.decode()
    data = {"enterprise": w.sme.pk, "problem": "نقدینگی"}
    data.update({f"q_{k}": v for k, v in answers(("finance",)).items()})
    response = client.post("/clinics/request/", data)
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/clinics/cases/{case.pk}/"
    detail = client.get(response["Location"]).content.decode()
    assert "<svg" in detail and 'data-testid="radar-shape"' in detail
    assert 'data-testid="urgent-area"' in detail


def test_incomplete_questionnaire_shows_errors_and_writes_nothing(w):
    response = client_for(w.client).post(
        "/clinics/request/", {"enterprise": w.sme.pk, "problem": "", "q_strategy_plan": 9}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-field="problem"' in html and 'data-field="q_finance_cash"' in html
    assert not Case.objects.exists()


def test_only_owners_managers_and_staff_reach_the_intake(w):
    assert client_for(w.outsider).get("/clinics/request/").status_code == 403
    assert client_for(w.client_employee).get("/clinics/request/").status_code == 403
    assert client_for(w.qazvin_officer).get("/clinics/request/").status_code == 200


@pytest.mark.parametrize(
    ("who", "status", "notes"),
    [
        ("finance_expert", 200, True), ("client", 200, True), ("client_employee", 200, True),
        ("qazvin_officer", 200, True), ("national", 200, True),
        ("marketing_expert", 200, False), ("tehran_officer", 404, False),
        ("tehran_expert", 404, False), ("outsider", 404, False),
    ],
)  # fmt: skip
def test_notes_in_the_case_page_only_for_those_allowed_and_reads_are_logged(w, who, status, notes):
    case = working_case(w)
    user = user_of(w, who)
    response = client_for(user).get(f"/clinics/cases/{case.pk}/")
    assert response.status_code == status
    html = response.content.decode()
    assert (SECRET in html) is notes
    logged = NoteRead.objects.filter(user=user, case=case, kind=ReadKind.NOTES).exists()
    assert logged is notes
    if status == 200 and not notes:
        assert 'data-testid="notes-private"' in html


def test_attachment_downloads_only_for_those_allowed_and_is_logged(w):
    case = working_case(w, with_session=False)
    session = services.session_log(
        user=w.finance_expert.user, case=case, date=timezone.localdate(), minutes=60,
        mode="online", attachment=SimpleUploadedFile("report.pdf", b"%PDF-1.4 secret"),
    )  # fmt: skip
    url = f"/clinics/cases/{case.pk}/sessions/{session.pk}/attachment"
    response = client_for(w.client).get(url)
    assert (
        response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 secret"
    )
    assert NoteRead.objects.filter(
        user=w.client, kind=ReadKind.ATTACHMENT, session=session
    ).exists()
    assert client_for(w.marketing_expert.user).get(url).status_code == 403
    assert client_for(w.tehran_officer).get(url).status_code == 404


@pytest.mark.parametrize(
    ("who", "rows", "notes"),
    [
        ("client", 1, True), ("finance_expert", 1, True), ("qazvin_officer", 1, True),
        ("national", 2, True), ("marketing_expert", 1, False), ("tehran_officer", 1, False),
        ("outsider", 0, False),
    ],
)  # fmt: skip
def test_csv_export_never_leaks_notes(w, who, rows, notes):
    case = working_case(w)
    other = services.case_request(
        user=w.other_client, enterprise=w.other_sme, problem="x", answers=answers()
    )
    user = user_of(w, who)
    response = client_for(user).get("/clinics/export.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    lines = [line for line in text.splitlines() if line]
    assert lines[0].startswith("شناسه,بنگاه,شناسه ملی,استان,وضعیت") and lines[0].endswith(
        "یادداشت‌ها"
    )
    assert len(lines) - 1 == rows
    assert (SECRET in text) is notes
    assert NoteRead.objects.filter(user=user, kind=ReadKind.EXPORT).exists() is notes
    if who == "national":
        assert str(other.pk) in text and str(case.pk) in text


def test_case_page_actions_journey_with_errors(w):
    case = working_case(w, with_session=False)
    consultant = client_for(w.finance_expert.user)
    bad = consultant.post(
        f"/clinics/cases/{case.pk}/sessions/new",
        {"date": "1490/01/01", "minutes": "3", "mode": "online"},
    )
    assert bad.status_code == 400 and 'data-field="date"' in bad.content.decode()
    ok = consultant.post(
        f"/clinics/cases/{case.pk}/sessions/new",
        {"date": "1405/01/10", "minutes": "90", "mode": "online", "notes": "ok"},
    )
    # 1405/01/10 is before the assignment (today): refused with a field error, nothing written.
    assert ok.status_code == 400 and not case.sessions.exists()
    today = timezone.localdate().isoformat()
    response = consultant.post(
        f"/clinics/cases/{case.pk}/sessions/new",
        {"date": today, "minutes": "90", "mode": "online", "notes": "ok"},
    )
    assert response.status_code == 302 and case.sessions.count() == 1
    response = consultant.post(f"/clinics/cases/{case.pk}/close/", {"outcome": "پایان"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED and case.followups.count() == 2
    # The consultant may not reopen; staff may.
    consultant.post(f"/clinics/cases/{case.pk}/reopen/")
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    client_for(w.qazvin_officer).post(f"/clinics/cases/{case.pk}/reopen/")
    case.refresh_from_db()
    assert case.state == CaseState.IN_PROGRESS


def test_assign_from_the_page_with_suggestions_and_override(w):
    case = services.case_request(
        user=w.client, enterprise=w.sme, problem="x", answers=answers(("finance",))
    )
    staff = client_for(w.qazvin_officer)
    html = staff.get(f"/clinics/cases/{case.pk}/").content.decode()
    assert html.count('data-testid="suggestion"') == 2
    response = staff.post(f"/clinics/cases/{case.pk}/assign/", {"consultant": w.tehran_expert.pk})
    assert (
        response.status_code == 400 and 'data-field="override_reason"' in response.content.decode()
    )
    response = staff.post(f"/clinics/cases/{case.pk}/assign/", {"consultant": w.finance_expert.pk})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.consultant == w.finance_expert
    # The client sees no assignment form.
    assert (
        'data-testid="assign"'
        not in client_for(w.client).get(f"/clinics/cases/{case.pk}/").content.decode()
    )


def test_audit_page_for_supervising_staff_only(w):
    case = working_case(w)
    client_for(w.client).get(f"/clinics/cases/{case.pk}/")
    response = client_for(w.qazvin_officer).get(f"/clinics/cases/{case.pk}/audit")
    assert response.status_code == 200
    html = response.content.decode()
    assert w.client.display_name in html  # the client's read is listed
    assert 'data-testid="changes"' in html
    assert client_for(w.client).get(f"/clinics/cases/{case.pk}/audit").status_code == 403
    assert (
        client_for(w.finance_expert.user).get(f"/clinics/cases/{case.pk}/audit").status_code == 403
    )


def test_dashboard_is_province_scoped_and_flags_stale_and_overdue(w):
    case = working_case(w)
    case = services.case_close(user=w.finance_expert.user, case=case, outcome="x")
    FollowUp.objects.filter(case=case, months=6).update(
        due_on=timezone.localdate() - dt.timedelta(days=3)
    )
    other = services.case_request(
        user=w.other_client, enterprise=w.other_sme, problem="x", answers=answers()
    )
    Case.objects.filter(pk=other.pk).update(created_at=timezone.now() - dt.timedelta(days=20))
    national = client_for(w.national).get("/clinics/dashboard/")
    assert national.status_code == 200
    assert national.context["totals"]["open"] == 1 and national.context["totals"]["closed"] == 1
    assert [c.pk for c in national.context["stale"]] == [other.pk]
    assert [f.case_id for f in national.context["overdue"]] == [case.pk]
    qazvin = client_for(w.qazvin_officer).get("/clinics/dashboard/")
    assert qazvin.context["totals"]["open"] == 0 and qazvin.context["totals"]["closed"] == 1
    assert qazvin.context["stale"] == []
    assert [r["label"] for r in qazvin.context["by_province"]] == [w.qazvin]
    assert qazvin.context["by_consultant"][0]["hours"] == 1.5
    tehran = client_for(w.tehran_officer).get("/clinics/dashboard/")
    assert tehran.context["overdue"] == []
    assert client_for(w.client).get("/clinics/dashboard/").status_code == 403
    assert client_for(w.finance_expert.user).get("/clinics/dashboard/").status_code == 403


def test_list_directory_and_english(w):
    case = working_case(w)
    html = client_for(w.national).get("/clinics/").content.decode()
    assert 'data-testid="case-table"' in html and f"/clinics/cases/{case.pk}/" in html
    directory = client_for(w.outsider).get("/clinics/directory/")
    assert directory.status_code == 200
    assert w.finance_expert.user.display_name in directory.content.decode()
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    english.force_login(w.national)
    english.cookies["django_language"] = "en"
    assert "Business clinic cases" in english.get("/clinics/").content.decode()


def test_assigned_to_me_filter_for_consultants(w):
    case = working_case(w)
    other = services.case_request(
        user=w.national, enterprise=EnterpriseFactory(province=w.qazvin), problem="x",
        answers=answers(),
    )  # fmt: skip
    services.case_assign(user=w.national, case=other, consultant=w.marketing_expert)
    client = client_for(w.finance_expert.user)
    everything = client.get("/clinics/").context["page"].object_list
    assert {c.pk for c in everything} == {case.pk, other.pk}  # the clinic's cases
    mine = client.get("/clinics/", {"mine": "true"}).context["page"].object_list
    assert [c.pk for c in mine] == [case.pk]


def test_pending_referrals_reach_the_dashboard_and_staff_close_them(w, monkeypatch):
    case = working_case(w)
    monkeypatch.setattr(referrals.modules, "hooks", lambda name: {})  # nothing installed
    referral = services.referral_create(
        user=w.finance_expert.user, case=case, target="finance", description="اعتبار خرید"
    )
    dashboard = client_for(w.qazvin_officer).get("/clinics/dashboard/")
    assert dashboard.context["pending_referrals"] == [referral]
    assert (
        client_for(w.tehran_officer).get("/clinics/dashboard/").context["pending_referrals"] == []
    )
    url = f"/clinics/cases/{case.pk}/referrals/{referral.pk}/close"
    assert client_for(w.finance_expert.user).post(url).status_code == 403
    assert client_for(w.qazvin_officer).post(url).status_code == 302
    referral.refresh_from_db()
    assert referral.status == "closed"
    client_for(w.qazvin_officer).post(url)  # again: refused with a message, nothing changes
    referral.refresh_from_db()
    assert referral.status == "closed"


def test_impact_pages_wait_for_the_due_date_and_take_corrections(w):
    """Issue 11, finding 13, in the pages: no figures before the due date, then a correction of
    confirmed figures by the consultant with a reason, which the client confirms again."""
    case = services.case_close(user=w.finance_expert.user, case=working_case(w), outcome="x")
    six = case.followups.get(months=6)
    url = f"/clinics/cases/{case.pk}/followups/{six.pk}"
    impact = {"jobs_created": "4", "jobs_retained": "35", "sales_change": "0",
              "financing_obtained": "0", "new_products": "1", "exports": "0"}  # fmt: skip
    client = client_for(w.client)
    page = client.get(f"/clinics/cases/{case.pk}/").content.decode()
    assert 'data-testid="followup-not-due"' in page and 'data-testid="impact-form-6"' not in page
    early = client.post(f"{url}/record", impact)
    assert early.status_code == 400
    due = jalali.format_date(six.due_on, lang="fa")
    assert due in " ".join(early.context["impact_form"].non_field_errors())
    assert FollowUp.objects.get(pk=six.pk).status == "scheduled"
    FollowUp.objects.filter(pk=six.pk).update(due_on=timezone.localdate())
    assert client.post(f"{url}/record", impact).status_code == 302
    assert FollowUp.objects.get(pk=six.pk).status == "confirmed"
    consultant = client_for(w.finance_expert.user)
    page = consultant.get(f"/clinics/cases/{case.pk}/").content.decode()
    assert 'data-testid="correct-form-6"' in page
    assert (
        'data-testid="correct-form-6"'
        not in client.get(f"/clinics/cases/{case.pk}/").content.decode()
    )
    no_reason = consultant.post(f"{url}/correct", impact)
    assert no_reason.status_code == 400 and FollowUp.objects.get(pk=six.pk).status == "confirmed"
    done = consultant.post(f"{url}/correct", {**impact, "jobs_created": "6", "reason": "شمارش"})
    assert done.status_code == 302
    six.refresh_from_db()
    assert (six.status, six.jobs_created) == ("recorded", 6)
    assert client.post(f"{url}/confirm").status_code == 302
    assert FollowUp.objects.get(pk=six.pk).status == "confirmed"


def test_csv_export_defuses_formulas_in_names_and_notes(w):
    """Finding 4: the client's name and a session note cannot run as formulas."""
    import csv
    import io

    case = working_case(w)
    type(w.sme).objects.filter(pk=w.sme.pk).update(name_fa='=HYPERLINK("http://x")')
    text = client_for(w.national).get("/clinics/export.csv").content.decode("utf-8-sig")
    rows = {row[0]: row for row in csv.reader(io.StringIO(text))}
    assert rows[str(case.pk)][1] == '\'=HYPERLINK("http://x")'


def test_out_of_range_number_filters_show_an_error_on_the_list_and_the_export(w):
    working_case(w)
    client = client_for(w.national)
    huge = {"enterprise": "100000000000000000000"}
    page = client.get("/clinics/", huge, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Enterprise: Ensure this value is less than or equal to" in page.content.decode()
    assert len(page.context["page"].object_list) == 0
    export = client.get("/clinics/export.csv", huge, HTTP_ACCEPT_LANGUAGE="en")
    assert export.status_code == 400
    assert export.content.decode().startswith("Enterprise: Ensure this value is less than")


def test_csv_export_speaks_the_page_language(w):
    """Persian: labels, province name, state label, Jalali dates (Latin digits); English: ISO."""
    import csv
    import io

    from karsaz.core import jalali

    case = working_case(w)
    case.refresh_from_db()
    client = client_for(w.national)
    text = client.get("/clinics/export.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    cells = dict(zip(rows[0], next(r for r in rows if r[0] == str(case.pk)), strict=True))
    j = jalali.to_jalali(case.created_at)
    assert cells["تاریخ درخواست"] == f"{j.year:04d}/{j.month:02d}/{j.day:02d}"
    assert cells["استان"] == case.province.name_fa
    assert cells["وضعیت"] == str(case.get_state_display()) != case.state
    text = client.get("/clinics/export.csv", HTTP_ACCEPT_LANGUAGE="en").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:5] == ["ID", "Enterprise", "National ID", "Province", "State"]
    cells = dict(zip(rows[0], next(r for r in rows if r[0] == str(case.pk)), strict=True))
    assert cells["Requested on"] == jalali.format_date(case.created_at, lang="en")
    assert cells["Province"] == case.province.name_en
