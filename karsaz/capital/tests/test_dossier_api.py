"""The dossier API: multipart uploads, error codes, scoping and the audit of reads."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from karsaz.capital.choices import DocumentStatus, FilingStage
from karsaz.capital.models import DocumentVersion, DossierRead, Engagement
from karsaz.testing.factories_capital_dossier import PDF, complete_dossier, engaged_filing

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_engage_then_a_second_active_engagement_is_a_400(dw):
    owner = api(dw.owner)
    body = {"enterprise": dw.firm.pk, "adviser": dw.adviser_firm.pk, "market": "novafarin"}
    r = owner.post("/api/v1/capital/engagements/", body, format="json")
    assert r.status_code == 201, r.content
    assert (r.json()["state"], r.json()["consented_by"]) == ("active", dw.owner.pk)
    r = owner.post(
        "/api/v1/capital/engagements/", {**body, "adviser": dw.adviser_firm2.pk}, format="json"
    )
    assert r.status_code == 400
    assert r.json() == {
        "enterprise": [
            {
                "message": "شرکت مشاور پذیرش فعال دارد؛ نخست آن قرارداد را لغو کنید.",
                "code": "already_exists",
            }
        ]
    }
    r = owner.post("/api/v1/capital/engagements/", {**body, "adviser": 99999}, format="json")
    assert r.status_code == 400 and r.json()["adviser"][0]["code"] == "invalid"
    assert Engagement.objects.count() == 1


def test_revoke_through_the_api_ends_the_advisers_access(dw):
    filing = engaged_filing(dw)
    adviser = api(dw.adviser)
    assert adviser.get(f"/api/v1/capital/filings/{filing.pk}/").status_code == 200
    r = api(dw.owner).post(f"/api/v1/capital/engagements/{filing.engagement_id}/revoke/")
    assert r.status_code == 200 and r.json()["state"] == "revoked"
    assert adviser.get(f"/api/v1/capital/filings/{filing.pk}/").status_code == 404
    assert adviser.get("/api/v1/capital/filings/").json()["count"] == 0
    again = api(dw.owner).post(f"/api/v1/capital/engagements/{filing.engagement_id}/revoke/")
    assert again.status_code == 400 and again.json()["state"][0]["code"] == "invalid_state"


def test_multipart_upload_type_and_size_checks(dw, settings):
    filing = engaged_filing(dw)
    document = filing.documents.get(kind="articles")
    url = f"/api/v1/capital/documents/{document.pk}/upload/"
    owner = api(dw.owner)
    exe = SimpleUploadedFile("a.pdf", b"MZ\x90\x00\x03", content_type="application/pdf")
    r = owner.post(url, {"file": exe}, format="multipart")
    assert r.status_code == 400
    assert r.json()["file"][0]["code"] == "document_type"
    settings.CAPITAL_DOCUMENT_MAX_BYTES = 10
    r = owner.post(url, {"file": SimpleUploadedFile("a.pdf", PDF)}, format="multipart")
    assert r.status_code == 400 and r.json()["file"][0]["code"] == "document_size"
    assert DocumentVersion.objects.count() == 0
    settings.CAPITAL_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
    r = owner.post(url, {"file": SimpleUploadedFile("a.pdf", PDF)}, format="multipart")
    assert r.status_code == 201, r.content
    assert (r.json()["number"], r.json()["size"], r.json()["content_type"]) == (
        1,
        len(PDF),
        "application/pdf",
    )
    r = api(dw.adviser).post(
        f"/api/v1/capital/documents/{document.pk}/review/",
        {"decision": "changes", "note": ""},
        format="json",
    )
    assert r.status_code == 400 and r.json()["note"][0]["code"] == "required"
    r = api(dw.adviser).post(
        f"/api/v1/capital/documents/{document.pk}/review/", {"decision": "accept"}, format="json"
    )
    assert r.status_code == 200 and r.json()["status"] == DocumentStatus.ACCEPTED


def test_transitions_and_the_detail_read_audit(dw):
    filing = complete_dossier(dw, engaged_filing(dw))
    adviser = api(dw.adviser)
    detail = adviser.get(f"/api/v1/capital/filings/{filing.pk}/").json()
    assert detail["actions"] == ["complete", "review", "upload"]
    assert len(detail["documents"]) == 9
    assert [h["to_stage"] for h in detail["history"]] == ["preparation", "adviser_engaged"]
    assert DossierRead.objects.filter(user=dw.adviser, filing=filing).count() == 1
    r = adviser.post(
        f"/api/v1/capital/filings/{filing.pk}/transition/", {"action": "admit"}, format="json"
    )
    assert r.status_code == 403  # a staff move
    r = adviser.post(
        f"/api/v1/capital/filings/{filing.pk}/transition/", {"action": "fly"}, format="json"
    )
    assert r.status_code == 400 and r.json()["action"][0]["code"] == "invalid_choice"
    for action in ("complete", "file"):
        r = adviser.post(
            f"/api/v1/capital/filings/{filing.pk}/transition/", {"action": action}, format="json"
        )
        assert r.status_code == 200, r.content
    assert r.json()["stage"] == FilingStage.FILED
    r = api(dw.qazvin_officer).post(
        f"/api/v1/capital/filings/{filing.pk}/transition/", {"action": "to_board"}, format="json"
    )
    assert r.json()["stage"] == FilingStage.ADMISSION_BOARD
    r = api(dw.tehran_officer).post(
        f"/api/v1/capital/filings/{filing.pk}/transition/", {"action": "admit"}, format="json"
    )
    assert r.status_code == 404  # another province's filing is not disclosed


def test_investors_and_outsiders_see_nothing(dw):
    filing = engaged_filing(dw)
    outsider = api(dw.outsider)
    assert outsider.get("/api/v1/capital/filings/").json()["count"] == 0
    assert outsider.get("/api/v1/capital/documents/").json()["count"] == 0
    assert outsider.get("/api/v1/capital/engagements/").json()["count"] == 0
    assert outsider.get(f"/api/v1/capital/filings/{filing.pk}/").status_code == 404
    other = api(dw.other_owner)
    assert other.get("/api/v1/capital/filings/").json()["count"] == 0
    assert api(dw.owner).get("/api/v1/capital/documents/").json()["count"] == 9
    directory = outsider.get("/api/v1/capital/advisers/").json()
    assert sorted((a["id"], a["filings"], a["admissions"]) for a in directory) == sorted(
        [(dw.adviser_firm.pk, 1, 0), (dw.adviser_firm2.pk, 0, 0)]
    )
