"""Engagements, filings, stage moves, uploads and reviews: the rules the services hold."""

import hashlib

import jdatetime
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from karsaz.capital import selectors, services
from karsaz.capital.choices import DocumentStatus, EngagementState, FilingStage, Market
from karsaz.capital.models import DocumentVersion, Engagement, Filing, StageChange
from karsaz.core.errors import error_codes
from karsaz.testing.factories_capital_dossier import (
    JPEG,
    PNG,
    complete_dossier,
    engage,
    engaged_filing,
    filed,
    open_filing,
    pdf,
)

pytestmark = pytest.mark.django_db


def codes(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error_codes(exc.value)


# --- checklist ------------------------------------------------------------------------------


def test_each_market_gets_its_checklist_and_audited_years(dw):
    last = jdatetime.date.today().year - 1
    sme = open_filing(dw, market=Market.SME_BOARD)
    assert sorted(
        (d.kind, d.fiscal_year) for d in sme.documents.filter(kind="audited_statements")
    ) == [
        ("audited_statements", last - 2),
        ("audited_statements", last - 1),
        ("audited_statements", last),
    ]
    assert sme.documents.count() == 9
    nova = open_filing(dw, market=Market.NOVAFARIN)
    assert nova.documents.filter(kind="audited_statements").count() == 2
    assert nova.documents.filter(kind="business_plan").count() == 1
    assert nova.documents.count() == 9
    first = open_filing(dw, market=Market.FIRST_MARKET)
    assert first.documents.count() == 10
    assert first.documents.filter(kind="working_capital").count() == 1
    assert set(first.documents.values_list("status", flat=True)) == {DocumentStatus.MISSING}
    assert sme.stage == FilingStage.PREPARATION
    assert list(sme.changes.values_list("from_stage", "to_stage", "by")) == [
        ("", "preparation", dw.owner.pk)
    ]


def test_crowdfunding_has_no_filing_and_a_second_open_filing_is_refused(dw):
    with pytest.raises(ValidationError) as exc:
        open_filing(dw, market=Market.CROWDFUNDING)
    assert codes(exc) == {"market": ["invalid"]}
    open_filing(dw)
    with pytest.raises(ValidationError) as exc:
        open_filing(dw)
    assert codes(exc) == {"market": ["already_exists"]}
    assert Filing.objects.count() == 1


def test_only_the_firms_editor_opens_a_filing(dw):
    for user in (dw.employee, dw.adviser, dw.national, dw.other_owner):
        with pytest.raises(PermissionDenied):
            services.filing_create(user=user, enterprise=dw.firm, market=Market.SME_BOARD)
    assert Filing.objects.count() == 0


# --- engagement: consent and revocation -------------------------------------------------------


def test_engaging_records_consent_and_the_adviser_takes_the_filing_on(dw):
    filing = open_filing(dw)
    assert not selectors.filing_list(user=dw.adviser).exists()
    engagement = engage(dw)
    assert (engagement.consented_by, engagement.state) == (dw.owner, EngagementState.ACTIVE)
    assert engagement.consented_at is not None and engagement.revoked_at is None
    filing.refresh_from_db()
    assert (filing.stage, filing.engagement) == (FilingStage.PREPARATION, engagement)
    services.filing_transition(user=dw.adviser, filing=filing, action="accept")
    filing.refresh_from_db()
    assert (filing.stage, filing.engagement) == (FilingStage.ADVISER_ENGAGED, engagement)
    assert list(filing.changes.values_list("to_stage", flat=True)) == [
        "preparation",
        "adviser_engaged",
    ]
    assert selectors.filing_get(user=dw.adviser, pk=filing.pk) == filing
    with pytest.raises(Http404):  # the other adviser sees nothing
        selectors.filing_get(user=dw.adviser2, pk=filing.pk)


def test_a_filing_opened_after_the_engagement_is_the_advisers_to_take_on(dw):
    engagement = engage(dw)
    filing = open_filing(dw, market=Market.NOVAFARIN)
    assert (filing.stage, filing.engagement) == (FilingStage.PREPARATION, engagement)
    assert "accept" in selectors_actions(dw.adviser, filing)
    assert "accept" not in selectors_actions(dw.owner, filing)


def test_one_active_engagement_per_firm(dw):
    engage(dw)
    with pytest.raises(ValidationError) as exc:
        services.engagement_create(
            user=dw.owner, enterprise=dw.firm, adviser=dw.adviser_firm2, market=Market.NOVAFARIN
        )
    assert codes(exc) == {"enterprise": ["already_exists"]}
    assert Engagement.objects.count() == 1


def test_engaging_needs_an_adviser_and_the_firms_editor(dw):
    with pytest.raises(ValidationError) as exc:
        services.engagement_create(
            user=dw.owner, enterprise=dw.firm, adviser=dw.other_firm, market=Market.SME_BOARD
        )
    assert codes(exc) == {"adviser": ["wrong_kind"]}
    with pytest.raises(ValidationError) as exc:
        services.engagement_create(
            user=dw.owner, enterprise=dw.firm, adviser=dw.adviser_firm, market="crowdfunding"
        )
    assert codes(exc) == {"market": ["invalid"]}
    for user in (dw.employee, dw.adviser, dw.other_owner, dw.national):
        with pytest.raises(PermissionDenied):
            services.engagement_create(
                user=user, enterprise=dw.firm, adviser=dw.adviser_firm, market=Market.SME_BOARD
            )
    assert Engagement.objects.count() == 0


def test_revoking_cuts_the_adviser_off_at_once(dw):
    filing = engaged_filing(dw)
    engagement = filing.engagement
    with pytest.raises(PermissionDenied):
        services.engagement_revoke(user=dw.other_owner, engagement=engagement)
    with pytest.raises(PermissionDenied):
        services.engagement_revoke(user=dw.adviser, engagement=engagement)
    services.engagement_revoke(user=dw.owner, engagement=engagement)
    engagement.refresh_from_db()
    assert (engagement.state, engagement.revoked_by) == (EngagementState.REVOKED, dw.owner)
    assert engagement.revoked_at is not None
    with pytest.raises(Http404):
        selectors.filing_get(user=dw.adviser, pk=filing.pk)
    document = filing.documents.first()
    with pytest.raises(Http404):
        selectors.document_get(user=dw.adviser, pk=document.pk)
    with pytest.raises(PermissionDenied):
        services.document_upload(user=dw.adviser, document=document, file=pdf())
    filing.refresh_from_db()
    assert filing.stage == FilingStage.PREPARATION
    assert filing.changes.last().note == "شرکت قرارداد مشاور پذیرش را لغو کرد."
    with pytest.raises(ValidationError) as exc:
        services.engagement_revoke(user=dw.owner, engagement=engagement)
    assert codes(exc) == {"state": ["invalid_state"]}
    # A new adviser may now be engaged, and the filing follows it.
    services.engagement_create(
        user=dw.owner, enterprise=dw.firm, adviser=dw.adviser_firm2, market=Market.SME_BOARD
    )
    with pytest.raises(PermissionDenied):  # the revoked adviser cannot take it on again
        services.filing_transition(user=dw.adviser, filing=filing, action="accept")
    services.filing_transition(user=dw.adviser2, filing=filing, action="accept")
    filing.refresh_from_db()
    assert filing.stage == FilingStage.ADVISER_ENGAGED
    assert filing.engagement.adviser == dw.adviser_firm2
    assert selectors.filing_get(user=dw.adviser2, pk=filing.pk) == filing


# --- stage moves: every move by allowed and forbidden roles ----------------------------------

ROLES = (
    "owner",
    "employee",
    "adviser",
    "adviser2",
    "national",
    "qazvin_officer",
    "tehran_officer",
    "other_owner",
    "outsider",
)
STAFF = {"national", "qazvin_officer"}
# action: (stage the filing is brought to, the roles allowed, the stage after)
TABLE = {
    "accept": ("preparation", {"adviser"}, "adviser_engaged"),
    "complete": ("adviser_engaged_complete_docs", {"adviser"}, "dossier_complete"),
    "reopen": ("dossier_complete", {"adviser", "owner"}, "adviser_engaged"),
    "file": ("dossier_complete", {"adviser"}, "filed"),
    "to_board": ("filed", STAFF, "admission_board"),
    "admit": ("admission_board", STAFF, "admitted"),
    "reject": ("admission_board", STAFF, "rejected"),
    "withdraw": ("filed", {"owner"}, "withdrawn"),
}


def _bring(dw, where: str) -> Filing:
    if where == "preparation":
        filing = open_filing(dw)
        engage(dw)
        filing.refresh_from_db()
        return filing
    filing = engaged_filing(dw)
    if where == "adviser_engaged_complete_docs":
        return complete_dossier(dw, filing)
    complete_dossier(dw, filing)
    path = {
        "dossier_complete": [("adviser", "complete")],
        "filed": [("adviser", "complete"), ("adviser", "file")],
        "admission_board": [("adviser", "complete"), ("adviser", "file"), ("national", "to_board")],
    }[where]
    for role, action in path:
        services.filing_transition(user=getattr(dw, role), filing=filing, action=action)
    filing.refresh_from_db()
    return filing


@pytest.mark.parametrize("action", list(TABLE))
@pytest.mark.parametrize("role", ROLES)
def test_every_move_by_every_role(dw, action, role):
    where, allowed, after = TABLE[action]
    filing = _bring(dw, where)
    before = filing.stage
    user = getattr(dw, role)
    assert (action in selectors_actions(user, filing)) == (role in allowed)
    if role in allowed:
        services.filing_transition(user=user, filing=filing, action=action, note="یادداشت")
        filing.refresh_from_db()
        assert filing.stage == after
        last = filing.changes.last()
        assert (last.from_stage, last.to_stage, last.by, last.note) == (
            before,
            after,
            user,
            "یادداشت",
        )
    else:
        n = StageChange.objects.count()
        with pytest.raises(PermissionDenied):
            services.filing_transition(user=user, filing=filing, action=action)
        filing.refresh_from_db()
        assert filing.stage == before and StageChange.objects.count() == n


def selectors_actions(user, filing):
    from karsaz.capital.permissions import CapitalScope

    return CapitalScope(user).allowed_actions(filing)


def test_a_move_the_stage_does_not_have_is_a_400(dw):
    filing = engaged_filing(dw)
    with pytest.raises(ValidationError) as exc:
        services.filing_transition(user=dw.adviser, filing=filing, action="file")
    assert codes(exc) == {"action": ["not_allowed"]}
    with pytest.raises(ValidationError) as exc:
        services.filing_transition(user=dw.adviser, filing=filing, action="fly")
    assert codes(exc) == {"action": ["invalid"]}
    filing.refresh_from_db()
    assert filing.stage == FilingStage.ADVISER_ENGAGED


def test_complete_only_when_every_required_document_is_accepted(dw):
    filing = complete_dossier(dw, engaged_filing(dw))
    last = filing.documents.last()
    services.document_upload(user=dw.owner, document=last, file=pdf())  # back to review
    with pytest.raises(ValidationError) as exc:
        services.filing_transition(user=dw.adviser, filing=filing, action="complete")
    assert codes(exc) == {"action": ["dossier_incomplete"]}
    services.document_review(user=dw.adviser, document=last, accept=True)
    services.filing_transition(user=dw.adviser, filing=filing, action="complete")
    filing.refresh_from_db()
    assert filing.stage == FilingStage.DOSSIER_COMPLETE


def test_final_stages_allow_nothing(dw):
    filing = filed(dw)
    services.filing_transition(user=dw.owner, filing=filing, action="withdraw")
    filing.refresh_from_db()
    assert selectors_actions(dw.owner, filing) == {"audit"}
    for action in TABLE:
        with pytest.raises((ValidationError, PermissionDenied)):
            services.filing_transition(user=dw.national, filing=filing, action=action)


# --- uploads and reviews --------------------------------------------------------------------


def test_upload_makes_versions_with_hash_size_and_uploader(dw):
    filing = engaged_filing(dw)
    document = filing.documents.get(kind="articles")
    v1 = services.document_upload(user=dw.owner, document=document, file=pdf())
    v2 = services.document_upload(
        user=dw.adviser,
        document=document,
        file=SimpleUploadedFile("scan.png", PNG, content_type="image/png"),
    )
    v3 = services.document_upload(
        user=dw.adviser, document=document, file=SimpleUploadedFile("x.bin", JPEG)
    )
    assert [(v.number, v.content_type, v.size, v.uploaded_by) for v in (v1, v2, v3)] == [
        (1, "application/pdf", len(pdf().read()), dw.owner),
        (2, "image/png", 40, dw.adviser),
        (3, "image/jpeg", 36, dw.adviser),
    ]
    assert v2.sha256 == hashlib.sha256(PNG).hexdigest()
    assert v3.file.name.endswith(".jpg")
    document.refresh_from_db()
    assert document.status == DocumentStatus.SUBMITTED


def test_upload_refuses_wrong_type_and_oversize_and_writes_nothing(dw, settings):
    document = engaged_filing(dw).documents.first()
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.document_upload(user=dw.owner, document=document, file=fake)
    assert codes(exc) == {"file": ["document_type"]}
    settings.CAPITAL_DOCUMENT_MAX_BYTES = 40
    with pytest.raises(ValidationError) as exc:
        services.document_upload(user=dw.owner, document=document, file=pdf())
    assert codes(exc) == {"file": ["document_size"]}
    with pytest.raises(ValidationError) as exc:
        services.document_upload(user=dw.owner, document=document, file=None)
    assert codes(exc) == {"file": ["required"]}
    assert DocumentVersion.objects.count() == 0
    document.refresh_from_db()
    assert document.status == DocumentStatus.MISSING


def test_the_default_size_limit_is_ten_megabytes():
    from django.conf import settings

    assert settings.CAPITAL_DOCUMENT_MAX_BYTES == 10 * 1024 * 1024


def test_uploaders_and_reviewers(dw):
    document = engaged_filing(dw).documents.first()
    for user in (dw.employee, dw.national, dw.other_owner, dw.adviser2):
        with pytest.raises((PermissionDenied, Http404)):
            services.document_upload(user=user, document=document, file=pdf())
    services.document_upload(user=dw.owner, document=document, file=pdf())
    for user in (dw.owner, dw.employee, dw.adviser2, dw.tehran_officer):
        with pytest.raises(PermissionDenied):
            services.document_review(user=user, document=document, accept=True)
    with pytest.raises(ValidationError) as exc:
        services.document_review(user=dw.adviser, document=document, accept=False, note="  ")
    assert codes(exc) == {"note": ["required"]}
    services.document_review(
        user=dw.qazvin_officer, document=document, accept=False, note="امضا ندارد"
    )
    document.refresh_from_db()
    assert (document.status, document.reviewer, document.review_note) == (
        DocumentStatus.CHANGES_REQUESTED,
        dw.qazvin_officer,
        "امضا ندارد",
    )
    with pytest.raises(ValidationError) as exc:  # nothing submitted to review
        services.document_review(user=dw.adviser, document=document, accept=True)
    assert codes(exc) == {"decision": ["invalid_state"]}


def test_a_filed_dossier_cannot_change(dw):
    filing = filed(dw)
    document = filing.documents.first()
    with pytest.raises(ValidationError) as exc:
        services.document_upload(user=dw.owner, document=document, file=pdf())
    assert codes(exc) == {"file": ["invalid_state"]}
    assert "upload" not in selectors_actions(dw.owner, filing)
