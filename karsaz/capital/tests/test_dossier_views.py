"""The dossier pages: who sees what, the forms' errors, the audit of reads, file downloads."""

import pytest
from django.test import Client
from django.urls import reverse

from karsaz.capital.choices import DocumentStatus, EngagementState, FilingStage
from karsaz.capital.models import DossierRead, Engagement, Filing
from karsaz.testing.factories_capital_dossier import (
    PDF,
    complete_dossier,
    engaged_filing,
    open_filing,
    pdf,
)

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_firm_engages_an_adviser_through_the_page_with_consent(dw):
    filing = open_filing(dw)
    c = client_for(dw.owner)
    url = reverse("capital:engagements")
    assert c.get(url).status_code == 200
    data = {"enterprise": dw.firm.pk, "adviser": dw.adviser_firm.pk, "market": "sme_board"}
    refused = c.post(url, data)  # no consent ticked
    assert refused.status_code == 400
    assert "consent" in refused.context["form"].errors
    assert Engagement.objects.count() == 0
    assert c.post(url, {**data, "consent": "on"}).status_code == 302
    filing.refresh_from_db()
    assert filing.stage == FilingStage.PREPARATION
    adviser = client_for(dw.adviser)
    assert (
        adviser.post(reverse("capital:filing_transition", args=[filing.pk, "accept"])).status_code
        == 302
    )
    filing.refresh_from_db()
    assert filing.stage == FilingStage.ADVISER_ENGAGED
    again = c.post(url, {**data, "adviser": dw.adviser_firm2.pk, "consent": "on"})
    assert again.status_code == 400
    assert again.context["form"].errors["enterprise"]
    engagement = Engagement.objects.get()
    assert c.post(reverse("capital:engagement_revoke", args=[engagement.pk])).status_code == 302
    engagement.refresh_from_db()
    assert engagement.state == EngagementState.REVOKED
    adviser_page = client_for(dw.adviser).get(reverse("capital:filing_detail", args=[filing.pk]))
    assert adviser_page.status_code == 404


def test_a_firm_never_sees_another_firms_dossier(dw):
    filing = engaged_filing(dw)
    for user in (dw.other_owner, dw.adviser2, dw.outsider, dw.tehran_officer, dw.employee):
        c = client_for(user)
        for name in ("filing_detail", "prospectus", "filing_reads"):
            assert c.get(reverse(f"capital:{name}", args=[filing.pk])).status_code == 404, (
                user,
                name,
            )
    assert DossierRead.objects.count() == 0


def test_every_read_is_audited_and_the_firm_sees_the_log(dw):
    filing = engaged_filing(dw)
    document = filing.documents.get(kind="articles")
    from karsaz.capital import services

    version = services.document_upload(user=dw.owner, document=document, file=pdf())
    adviser = client_for(dw.adviser)
    assert adviser.get(reverse("capital:filing_detail", args=[filing.pk])).status_code == 200
    download = adviser.get(reverse("capital:version_download", args=[version.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert (
        client_for(dw.national).get(reverse("capital:prospectus", args=[filing.pk])).status_code
        == 200
    )
    reads = list(DossierRead.objects.order_by("id").values_list("user", "version"))
    assert reads == [(dw.adviser.pk, None), (dw.adviser.pk, version.pk), (dw.national.pk, None)]
    # The adviser does not see the audit; the firm's editor and staff do.
    assert adviser.get(reverse("capital:filing_reads", args=[filing.pk])).status_code == 403
    log = client_for(dw.owner).get(reverse("capital:filing_reads", args=[filing.pk]))
    assert log.status_code == 200
    assert len(log.context["reads"]) == 3
    # Outsiders cannot download, and their attempt writes nothing.
    assert (
        client_for(dw.adviser2)
        .get(reverse("capital:version_download", args=[version.pk]))
        .status_code
        == 404
    )
    assert DossierRead.objects.count() == 3


def test_upload_review_and_moves_through_the_pages(dw):
    filing = engaged_filing(dw)
    documents = list(filing.documents.all())
    owner, adviser = client_for(dw.owner), client_for(dw.adviser)
    bad = owner.post(
        reverse("capital:document_upload", args=[documents[0].pk]),
        {"file": pdf(name="x.pdf", content=b"GIF89a not allowed")},
    )
    assert bad.status_code == 400
    assert bad.context["upload_form"].errors["file"] == [
        "سند را به‌صورت فایل PDF، PNG یا JPEG پیوست کنید."
    ]
    for d in documents:
        r = owner.post(reverse("capital:document_upload", args=[d.pk]), {"file": pdf()})
        assert r.status_code == 302
        r = adviser.post(
            reverse("capital:document_review", args=[d.pk]), {"decision": "accept", "note": ""}
        )
        assert r.status_code == 302
    assert set(filing.documents.values_list("status", flat=True)) == {DocumentStatus.ACCEPTED}
    page = adviser.get(reverse("capital:filing_detail", args=[filing.pk]))
    assert page.context["moves"] == ["complete"]
    assert b'data-testid="move-complete"' in page.content
    # The firm's editor sees no "complete" button and is refused when it posts anyway.
    assert (
        "complete"
        not in client_for(dw.owner)
        .get(reverse("capital:filing_detail", args=[filing.pk]))
        .context["actions"]
    )
    assert (
        owner.post(reverse("capital:filing_transition", args=[filing.pk, "complete"])).status_code
        == 403
    )
    move = reverse("capital:filing_transition", args=[filing.pk, "complete"])
    assert adviser.post(move, {"note": "کامل شد"}).status_code == 302
    wrong = adviser.post(reverse("capital:filing_transition", args=[filing.pk, "complete"]))
    assert wrong.status_code == 400
    assert (
        adviser.post(reverse("capital:filing_transition", args=[filing.pk, "file"])).status_code
        == 302
    )
    filing.refresh_from_db()
    assert filing.stage == FilingStage.FILED


def test_review_without_a_note_rerenders_with_the_error(dw):
    filing = engaged_filing(dw)
    document = filing.documents.first()
    from karsaz.capital import services

    services.document_upload(user=dw.owner, document=document, file=pdf())
    r = client_for(dw.adviser).post(
        reverse("capital:document_review", args=[document.pk]), {"decision": "changes"}
    )
    assert r.status_code == 400
    assert r.context["review_form"].errors["note"] == ["بنویسید چه چیزی باید اصلاح شود."]
    document.refresh_from_db()
    assert document.status == DocumentStatus.SUBMITTED


def test_open_a_filing_through_the_page(dw):
    c = client_for(dw.owner)
    r = c.post(reverse("capital:filing_list"), {"enterprise": dw.firm.pk, "market": "novafarin"})
    filing = Filing.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse(
        "capital:filing_detail", args=[filing.pk]
    )
    again = c.post(
        reverse("capital:filing_list"), {"enterprise": dw.firm.pk, "market": "novafarin"}
    )
    assert again.status_code == 400
    assert again.context["form"].errors["market"]
    crowd = c.post(
        reverse("capital:filing_list"), {"enterprise": dw.firm.pk, "market": "crowdfunding"}
    )
    assert crowd.status_code == 400
    assert Filing.objects.count() == 1
    assert client_for(dw.outsider).get(reverse("capital:filing_list")).context["form"] is None


def test_adviser_directory_and_board_pages(dw):
    complete_dossier(dw, engaged_filing(dw))
    r = client_for(dw.outsider).get(reverse("capital:advisers"))
    assert r.status_code == 200
    assert [(x.adviser, x.filings) for x in r.context["records"]] == sorted(
        [(dw.adviser_firm, 1), (dw.adviser_firm2, 0)], key=lambda t: t[0].name_fa
    )
    assert client_for(dw.owner).get(reverse("capital:pipeline")).status_code == 403
    assert client_for(dw.adviser).get(reverse("capital:pipeline")).status_code == 403
    board = client_for(dw.national).get(reverse("capital:pipeline"))
    assert board.status_code == 200 and board.context["board"]["total"] == 1
    tehran = client_for(dw.tehran_officer).get(reverse("capital:pipeline"))
    assert tehran.context["board"]["total"] == 0
    bad = client_for(dw.national).get(reverse("capital:pipeline"), {"stall_days": "abc"})
    assert bad.status_code == 400 and bad.context["board"] is None
