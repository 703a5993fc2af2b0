import pytest
from django.utils import timezone

from karsaz.clinics import services
from karsaz.clinics.choices import CaseState, ReadKind
from karsaz.clinics.models import Case, CaseSession, FollowUp, NoteRead
from karsaz.testing.factories_clinics import answers, open_case, working_case

pytestmark = pytest.mark.django_db
CASES = "/api/v1/clinic-cases/"
SESSIONS = "/api/v1/clinic-sessions/"
SECRET = "بدهی معوق"


def user_of(w, who):
    user = getattr(w, who)
    return getattr(user, "user", user)


@pytest.mark.parametrize(
    "url",
    ["/api/v1/clinics/", "/api/v1/consultants/", CASES, SESSIONS, "/api/v1/clinic-action-items/",
     "/api/v1/clinic-followups/"],
)  # fmt: skip
def test_anonymous_gets_401(w, api_as, url):
    assert api_as(None).get(url).status_code == 401


def test_directory_of_clinics_and_consultants(w, api_as):
    data = api_as(w.outsider).get("/api/v1/consultants/").json()
    row = next(r for r in data["results"] if r["id"] == w.finance_expert.pk)
    assert row["provinces"] == ["26"] and row["specialties"] == ["finance", "strategy"]
    assert row["accredited"] is True
    assert api_as(w.outsider).get("/api/v1/clinics/").json()["count"] == 2


def test_client_requests_help_and_gets_scores(w, api_as):
    response = api_as(w.client).post(
        CASES,
        {"enterprise": w.sme.pk, "problem": "فروش کم", "answers": answers(("export",))},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "requested" and body["urgent_areas"] == ["export"]
    assert body["scores"]["export"] == 0


def test_bad_request_is_400_with_field_errors_in_persian_and_writes_nothing(w, api_as):
    response = api_as(w.client).post(
        CASES, {"enterprise": w.sme.pk, "problem": " ", "answers": {"strategy_plan": 9}},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert {"problem", "answers"} <= set(response.json())
    assert not Case.objects.exists()
    response = api_as(w.client).post(
        CASES, {"enterprise": w.sme.pk, "problem": "x", "answers": {"strategy_plan": 9}},
        format="json", HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.json()["answers"] == [
        {"message": "Answer every question with a number from 1 to 5.", "code": "invalid"}
    ]


def test_forbidden_request_for_someone_elses_enterprise(w, api_as):
    response = api_as(w.client).post(
        CASES, {"enterprise": w.other_sme.pk, "problem": "x", "answers": answers()}, format="json"
    )
    assert response.status_code == 403 and not Case.objects.exists()


def test_case_list_follows_scope(w, api_as):
    case = working_case(w)
    other = services.case_request(
        user=w.other_client, enterprise=w.other_sme, problem="x", answers=answers()
    )

    def ids(user):
        return {row["id"] for row in api_as(user).get(CASES).json()["results"]}

    assert ids(w.national) == {case.pk, other.pk}
    assert ids(w.qazvin_officer) == {case.pk}
    assert ids(w.tehran_officer) == {other.pk}
    assert ids(w.client) == {case.pk}
    assert ids(w.finance_expert.user) == {case.pk}
    assert ids(w.marketing_expert.user) == {case.pk}  # same clinic: sees the case, not notes
    assert ids(w.tehran_expert.user) == set()
    assert ids(w.outsider) == set()
    assert api_as(w.outsider).get(f"{CASES}{case.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("who", "visible", "rows"),
    [
        ("finance_expert", True, 1), ("client", True, 1), ("client_employee", True, 1),
        ("qazvin_officer", True, 1), ("national", True, 1), ("marketing_expert", False, 1),
        ("tehran_officer", False, 0), ("tehran_expert", False, 0), ("outsider", False, 0),
    ],
)  # fmt: skip
def test_session_notes_in_the_api_only_for_those_allowed_and_reads_are_logged(
    w, api_as, who, visible, rows
):
    case = working_case(w)
    user = user_of(w, who)
    response = api_as(user).get(SESSIONS, {"case": case.pk})
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == rows  # who sees the session at all (the marketing expert: no notes)
    assert (SECRET in response.content.decode()) is visible
    if visible:
        assert results[0]["notes_visible"] is True and SECRET in results[0]["notes"]
        assert NoteRead.objects.filter(user=user, case=case, kind=ReadKind.API).count() == 1
    else:
        assert all(r["notes"] is None and r["notes_visible"] is False for r in results)
        assert not NoteRead.objects.filter(user=user).exists()


def test_api_transitions_and_roles(w, api_as):
    case = open_case(w)
    url = f"{CASES}{case.pk}/"
    assert (
        api_as(w.client).post(f"{url}assign/", {"consultant": w.finance_expert.pk}).status_code
        == 403
    )
    suggestions = api_as(w.qazvin_officer).get(f"{url}suggestions/").json()
    assert suggestions[0]["id"] == w.finance_expert.pk and suggestions[0]["matched"] == ["finance"]
    assert api_as(w.client).get(f"{url}suggestions/").status_code == 403
    response = api_as(w.qazvin_officer).post(f"{url}assign/", {"consultant": w.tehran_expert.pk})
    assert response.status_code == 400 and "override_reason" in response.json()
    response = api_as(w.qazvin_officer).post(f"{url}assign/", {"consultant": w.finance_expert.pk})
    assert response.status_code == 200 and response.json()["state"] == "assigned"
    consultant = api_as(w.finance_expert.user)
    assert api_as(w.marketing_expert.user).post(f"{url}start/").status_code == 403
    assert consultant.post(f"{url}start/").json()["state"] == "in_progress"
    response = consultant.post(
        SESSIONS,
        {"case": case.pk, "date": timezone.localdate().isoformat(), "minutes": 60, "mode": "phone",
         "notes": "n"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201 and response.json()["notes"] == "n"
    bad = consultant.post(
        SESSIONS, {"case": case.pk, "date": "2020-01-01", "minutes": 1, "mode": "phone"},
        format="json",
    )  # fmt: skip
    assert bad.status_code == 400 and {"date", "minutes"} <= set(bad.json())
    assert CaseSession.objects.count() == 1
    assert consultant.post(f"{url}close/", {"outcome": ""}).status_code == 400
    response = consultant.post(f"{url}close/", {"outcome": "انجام شد"})
    assert response.json()["state"] == "closed"
    assert consultant.post(f"{url}reopen/").status_code == 403
    assert api_as(w.qazvin_officer).post(f"{url}reopen/").json()["state"] == "in_progress"


def test_api_referral_action_items_follow_ups_and_survey(w, api_as):
    case = working_case(w)
    url = f"{CASES}{case.pk}/"
    consultant = api_as(w.finance_expert.user)
    response = consultant.post(f"{url}refer/", {"target": "technology", "description": "اتوماسیون"})
    assert response.status_code == 201 and response.json()["status"] in ("pending", "linked")
    assert (
        api_as(w.client).post(f"{url}refer/", {"target": "finance", "description": "x"}).status_code
        == 403
    )
    response = consultant.post(
        "/api/v1/clinic-action-items/",
        {"case": case.pk, "title": "بودجه", "owner": "مدیر مالی", "due_date": "2030-01-01"},
    )
    assert response.status_code == 201
    item = response.json()["id"]
    response = api_as(w.client).patch(f"/api/v1/clinic-action-items/{item}/", {"status": "done"})
    assert response.status_code == 200 and response.json()["status"] == "done"
    assert (
        api_as(w.outsider)
        .patch(f"/api/v1/clinic-action-items/{item}/", {"status": "open"})
        .status_code
        == 404
    )
    consultant.post(f"{url}close/", {"outcome": "x"})
    followups = api_as(w.client).get("/api/v1/clinic-followups/", {"case": case.pk}).json()
    assert [f["months"] for f in followups["results"]] == [6, 12]
    six = followups["results"][0]["id"]
    impact = {"jobs_created": 2, "jobs_retained": 10, "sales_change": -100, "financing_obtained": 0,
              "new_products": 1, "exports": 0}  # fmt: skip
    early = consultant.post(f"/api/v1/clinic-followups/{six}/record/", impact)
    assert early.status_code == 400 and list(early.json()) == ["due_on"]  # not due for 6 months
    FollowUp.objects.filter(pk=six).update(due_on=timezone.localdate())
    bad = consultant.post(f"/api/v1/clinic-followups/{six}/record/", {**impact, "jobs_created": -3})
    assert bad.status_code == 400 and "jobs_created" in bad.json()
    for field, value in (("sales_change", -(2**63)), ("exports", 2**63), ("exports", 1.0)):
        bad = consultant.post(
            f"/api/v1/clinic-followups/{six}/record/", {**impact, field: value}, format="json"
        )
        assert bad.status_code == 400 and list(bad.json()) == [field]
    response = consultant.post(f"/api/v1/clinic-followups/{six}/record/", impact)
    assert response.json()["status"] == "recorded"
    assert consultant.post(f"/api/v1/clinic-followups/{six}/confirm/").status_code == 403
    response = api_as(w.client).post(f"/api/v1/clinic-followups/{six}/confirm/")
    assert response.json()["status"] == "confirmed"
    # A confirmed figure is corrected by the consultant with a reason, then confirmed again.
    correct = f"/api/v1/clinic-followups/{six}/correct/"
    assert api_as(w.client).post(correct, {**impact, "reason": "x"}).status_code == 403
    assert list(consultant.post(correct, impact).json()) == ["reason"]
    response = consultant.post(correct, {**impact, "jobs_created": 5, "reason": "شمارش دوباره"})
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["jobs_created"]) == ("recorded", 5)
    response = api_as(w.client).post(f"/api/v1/clinic-followups/{six}/confirm/")
    assert response.json()["status"] == "confirmed"
    response = api_as(w.client).post(f"{url}satisfaction/", {"score": 5, "would_recommend": True})
    assert response.status_code == 201
    assert Case.objects.get(pk=case.pk).satisfaction.score == 5
    assert Case.objects.get(pk=case.pk).state == CaseState.CLOSED


def test_schema_describes_the_clinic_endpoints(w, api_as):
    response = api_as(w.national).get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert "/api/v1/clinic-cases/{id}/assign/" in response.content.decode()


def test_national_staff_accredit_clinics_and_consultants_through_the_api(w, api_as):
    from karsaz.registry.choices import EnterpriseKind
    from karsaz.testing.factories import EnterpriseFactory, MembershipFactory, UserFactory

    firm = EnterpriseFactory(kind=EnterpriseKind.CONSULTANCY, province=w.tehran)
    payload = {"enterprise": firm.pk, "accredited_until": "2030-03-20"}
    assert api_as(w.qazvin_officer).post("/api/v1/clinics/", payload).status_code == 403
    response = api_as(w.national).post("/api/v1/clinics/", payload)
    assert response.status_code == 201 and response.json()["province"] == "23"
    clinic = response.json()["id"]
    again = api_as(w.national).post("/api/v1/clinics/", payload)
    assert again.status_code == 400 and "enterprise" in again.json()
    person = UserFactory(username="cl-new")
    MembershipFactory(user=person, enterprise=firm, role="employee")
    consultant = {
        "user": person.pk, "clinic": clinic, "specialties": ["export"], "provinces": ["23", "99"],
        "capacity": 4, "accreditation_expires": "2029-01-01",
    }  # fmt: skip
    bad = api_as(w.national).post("/api/v1/consultants/", consultant, format="json")
    assert bad.status_code == 400 and "provinces" in bad.json()
    assert (
        api_as(w.client)
        .post("/api/v1/consultants/", {**consultant, "provinces": ["23"]}, format="json")
        .status_code
        == 403
    )
    response = api_as(w.national).post(
        "/api/v1/consultants/", {**consultant, "provinces": ["23"]}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["provinces"] == ["23"] and response.json()["capacity"] == 4
