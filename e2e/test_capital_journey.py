"""Admission journey in Chromium: a firm opens a filing and engages an adviser with its
consent, the adviser takes the filing on, the firm uploads a document and the adviser accepts
it, and once the dossier is complete the adviser files it."""

import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import screenshot, sign_in
from karsaz.capital import services
from karsaz.capital.choices import DocumentStatus, EngagementState, FilingStage
from karsaz.capital.models import DossierRead, Engagement, Filing
from karsaz.registry.choices import EnterpriseKind, MembershipRole
from karsaz.testing.factories import EnterpriseFactory, MembershipFactory, UserFactory
from karsaz.testing.factories_capital_dossier import PDF, ensure_rule_sets, make_adviser, pdf

pytestmark = pytest.mark.e2e


def test_engage_upload_accept_and_file(page, provinces_e2e):
    ensure_rule_sets()
    qazvin, tehran = provinces_e2e["26"], provinces_e2e["23"]
    firm = EnterpriseFactory(kind=EnterpriseKind.SME, province=qazvin, name_fa="صنایع غذایی البرز")
    owner = UserFactory(username="firm-owner", first_name="رضا", last_name="نوری")
    MembershipFactory(user=owner, enterprise=firm, role=MembershipRole.OWNER)
    adviser_firm, adviser = make_adviser(province=tehran, username="adviser-user")

    # 1. The firm opens a filing for the SME market and engages the adviser, with consent.
    sign_in(page, "firm-owner")
    page.goto("/capital/filings/")
    page.select_option("#id_market", "sme_board")
    page.get_by_test_id("open-filing").click()
    page.wait_for_url(re.compile(r"/capital/filings/\d+/$"))
    filing = Filing.objects.get()
    expect(page.get_by_test_id("filing-stage")).to_have_text("آماده‌سازی")
    assert page.get_by_test_id("document").count() == 9
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.goto("/capital/engagements/")
    page.select_option("#id_adviser", str(adviser_firm.pk))
    page.select_option("#id_market", "sme_board")
    page.get_by_test_id("engage-submit").click()  # without consent: refused
    expect(page.locator(".field-error[data-field=consent]")).to_be_visible()
    assert not Engagement.objects.exists()
    page.check("#id_consent")
    page.get_by_test_id("engage-submit").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("engagement-state")).to_have_text("فعال")
    engagement = Engagement.objects.get()
    assert (engagement.state, engagement.consented_by) == (EngagementState.ACTIVE, owner)
    screenshot(page, "capital-engaged")

    # 2. The adviser takes the filing on.
    sign_in(page, "adviser-user")
    page.goto(f"/capital/filings/{filing.pk}/")
    page.get_by_test_id("move-accept").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("filing-stage")).to_have_text("در دست مشاور پذیرش")

    # 3. The firm uploads its articles of association (a wrong file first).
    sign_in(page, "firm-owner")
    page.goto(f"/capital/filings/{filing.pk}/")
    row = page.locator("[data-testid=document][data-kind=articles]")
    row.get_by_test_id("upload-file").set_input_files(
        files=[{"name": "articles.pdf", "mimeType": "application/pdf", "buffer": b"GIF89a..."}]
    )
    row.get_by_test_id("upload").click()
    page.wait_for_load_state()
    expect(
        page.locator("[data-testid=document][data-kind=articles] .field-error[data-field=file]")
    ).to_be_visible()
    row = page.locator("[data-testid=document][data-kind=articles]")
    row.get_by_test_id("upload-file").set_input_files(
        files=[{"name": "articles.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    row.get_by_test_id("upload").click()
    page.wait_for_load_state()
    articles = filing.documents.get(kind="articles")
    assert articles.status == DocumentStatus.SUBMITTED and articles.versions.count() == 1

    # 4. The adviser accepts it; the other documents were handled the same way (services).
    for document in filing.documents.exclude(kind="articles"):
        services.document_upload(user=owner, document=document, file=pdf())
        services.document_review(user=adviser, document=document, accept=True)
    sign_in(page, "adviser-user")
    page.goto(f"/capital/filings/{filing.pk}/")
    row = page.locator("[data-testid=document][data-kind=articles]")
    row.get_by_test_id("review-decision").select_option("accept")
    row.get_by_test_id("review").click()
    page.wait_for_load_state()
    expect(
        page.locator("[data-testid=document][data-kind=articles] [data-testid=document-status]")
    ).to_have_text("پذیرفته‌شده")

    # 5. The dossier is complete: the adviser marks it so and files it.
    page.get_by_test_id("move-complete").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("filing-stage")).to_have_text("پرونده کامل")
    page.get_by_test_id("move-file").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("filing-stage")).to_have_text("ثبت‌شده در بورس")
    screenshot(page, "capital-filed")
    filing.refresh_from_db()
    assert filing.stage == FilingStage.FILED
    assert list(filing.changes.values_list("to_stage", flat=True)) == [
        "preparation",
        "adviser_engaged",
        "dossier_complete",
        "filed",
    ]
    assert DossierRead.objects.filter(filing=filing, user=adviser).count() >= 2

    # 6. The firm sees who read its dossier.
    sign_in(page, "firm-owner")
    page.goto(f"/capital/filings/{filing.pk}/")
    page.get_by_test_id("reads-link").click()
    expect(page.get_by_test_id("read-row").first).to_be_visible()

    # 7. The firm's timeline: every move of the filing, newest first.
    page.goto(f"/capital/filings/{filing.pk}/")
    page.get_by_test_id("timeline-link").click()
    expect(page.get_by_test_id("timeline-row")).to_have_count(4)
    expect(page.get_by_test_id("timeline-row").first).to_contain_text("ثبت‌شده در بورس")
