"""Writes of the admission dossier: engagements (consent, revocation), filings and their stage
moves, document uploads and reviews, and the audit of every read."""

import hashlib
from typing import Any

import jdatetime
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from karsaz.accounts.scope import require
from karsaz.capital import pipeline
from karsaz.capital.choices import DocumentStatus, EngagementState, FilingStage
from karsaz.capital.errors import CapitalErrorCode as Code
from karsaz.capital.models import (
    DocumentVersion,
    DossierDocument,
    DossierRead,
    Engagement,
    Filing,
    RuleSet,
    StageChange,
)
from karsaz.capital.permissions import CapitalScope
from karsaz.core.errors import field_error
from karsaz.core.persian import normalize
from karsaz.core.uploads import UploadProblem, UploadRefused, check_upload
from karsaz.registry.choices import EnterpriseKind
from karsaz.registry.models import Enterprise


def _note(note: str) -> str:
    return normalize(note or "")[:500]


def _change(filing: Filing, *, user: Any, to: str, note: str = "") -> None:
    """Moves the (locked) filing to `to`, recording who, when and why."""
    now = timezone.now()
    StageChange.objects.create(
        filing=filing, from_stage=filing.stage, to_stage=to, by=user, at=now, note=_note(note)
    )
    filing.stage = to
    filing.stage_since = now
    filing.save(update_fields=["stage", "stage_since", "engagement"])


def last_fiscal_year() -> int:
    """The last Jalali fiscal year that has ended (the year before the current one)."""
    return int(jdatetime.date.today().year) - 1


def filing_create(*, user: Any, enterprise: Enterprise, market: str) -> Filing:
    """A firm's editor opens a filing for a listing market; its dossier gets the market's
    checklist. With an active engagement for that market, the adviser is engaged at once."""
    scope = CapitalScope(user)
    require(scope.edits(enterprise.pk), _("Only the firm's owner or manager may open a filing."))
    if market not in pipeline.FILING_MARKETS:
        raise field_error("market", _("This market has no admission filing."), Code.INVALID)
    rule_set = RuleSet.objects.filter(market=market, active=True).order_by("-version").first()
    if rule_set is None:
        raise field_error("market", _("This market has no rules in force."), Code.INVALID)
    with transaction.atomic():
        Enterprise.objects.select_for_update().filter(pk=enterprise.pk).first()
        if Filing.objects.filter(
            enterprise=enterprise, market=market, stage__in=pipeline.OPEN_STAGES
        ).exists():
            raise field_error(
                "market",
                _("The firm already has an open filing for this market."),
                Code.ALREADY_EXISTS,
            )
        filing = Filing.objects.create(
            enterprise=enterprise,
            province_id=enterprise.province_id,
            market=market,
            rule_set=rule_set,
            created_by=user,
        )
        StageChange.objects.create(
            filing=filing,
            from_stage="",
            to_stage=FilingStage.PREPARATION,
            by=user,
            at=filing.stage_since,
        )
        DossierDocument.objects.bulk_create(
            DossierDocument(filing=filing, kind=kind, fiscal_year=year)
            for kind, year in pipeline.checklist(market, last_fiscal_year())
        )
        engagement = Engagement.objects.filter(
            enterprise=enterprise, state=EngagementState.ACTIVE
        ).first()
        if engagement is not None:  # the adviser already engaged sees it, and may take it on
            filing.engagement = engagement
            filing.save(update_fields=["engagement"])
    return filing


def engagement_create(
    *, user: Any, enterprise: Enterprise, adviser: Enterprise, market: str
) -> Engagement:
    """The firm's editor engages a licensed adviser for a market: the consent is recorded and
    the adviser sees the firm's dossier from now on (and may take its open filings on)."""
    require(
        CapitalScope(user).can_engage(enterprise.pk),
        _("Only the firm's owner or manager may engage an adviser."),
    )
    if adviser.kind != EnterpriseKind.ADMISSION_ADVISER or adviser.pk == enterprise.pk:
        raise field_error("adviser", _("Choose a licensed admission adviser."), Code.WRONG_KIND)
    if market not in pipeline.FILING_MARKETS:
        raise field_error("market", _("This market has no admission filing."), Code.INVALID)
    already = field_error(
        "enterprise",
        _("The firm already has an active adviser; revoke that engagement first."),
        Code.ALREADY_EXISTS,
    )
    try:
        with transaction.atomic():
            # The firm's row is the lock every engagement change of the firm takes first.
            Enterprise.objects.select_for_update().filter(pk=enterprise.pk).first()
            if Engagement.objects.filter(
                enterprise=enterprise, state=EngagementState.ACTIVE
            ).exists():
                raise already
            engagement = Engagement.objects.create(
                enterprise=enterprise, adviser=adviser, market=market, consented_by=user
            )
            Filing.objects.filter(enterprise=enterprise, stage__in=pipeline.OPEN_STAGES).update(
                engagement=engagement
            )
    except IntegrityError as exc:  # a racing engagement won the unique constraint
        raise already from exc
    return engagement


def engagement_revoke(*, user: Any, engagement: Engagement, note: str = "") -> Engagement:
    """The firm withdraws its consent: the adviser's access ends at once, and a filing whose
    dossier the adviser was preparing goes back to preparation."""
    require(
        CapitalScope(user).can_engage(engagement.enterprise_id),
        _("Only the firm's owner or manager may revoke its consent."),
    )
    with transaction.atomic():
        Enterprise.objects.select_for_update().filter(pk=engagement.enterprise_id).first()
        engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
        if engagement.state != EngagementState.ACTIVE:
            raise field_error(
                "state", _("This engagement has already been revoked."), Code.INVALID_STATE
            )
        engagement.state = EngagementState.REVOKED
        engagement.revoked_by = user
        engagement.revoked_at = timezone.now()
        engagement.save(update_fields=["state", "revoked_by", "revoked_at"])
        back = (FilingStage.ADVISER_ENGAGED, FilingStage.DOSSIER_COMPLETE)
        for filing in Filing.objects.select_for_update().filter(
            engagement=engagement, stage__in=back
        ):
            _change(
                filing,
                user=user,
                to=FilingStage.PREPARATION,
                note=note or _("The firm revoked the adviser's engagement."),
            )
    return engagement


def _incomplete(filing: Filing) -> bool:
    return filing.documents.exclude(status=DocumentStatus.ACCEPTED).exists()


def filing_transition(*, user: Any, filing: Filing, action: str, note: str = "") -> Filing:
    """One move of the stage table, by a party the table allows (else 403); a move the filing's
    stage does not have is a 400. "complete" needs every required document accepted."""
    move = pipeline.MOVES.get(action)
    if move is None:
        raise field_error("action", _("There is no such step."), Code.INVALID)
    with transaction.atomic():
        filing = Filing.objects.select_for_update().get(pk=filing.pk)
        scope = CapitalScope(user)
        require(
            bool(scope.filing_parties(filing) & move.parties),
            _("You may not take this step on this filing."),
        )
        if filing.stage not in move.sources:
            raise field_error(
                "action",
                _("This step cannot be taken while the filing is at “{stage}”.").format(
                    stage=filing.get_stage_display()
                ),
                Code.NOT_ALLOWED,
            )
        if move.target == FilingStage.DOSSIER_COMPLETE and _incomplete(filing):
            raise field_error(
                "action",
                _("Every required document must be accepted first."),
                Code.DOSSIER_INCOMPLETE,
            )
        if move.name == "accept":  # the adviser takes the filing on under the firm's consent
            filing.engagement = Engagement.objects.filter(
                enterprise_id=filing.enterprise_id, state=EngagementState.ACTIVE
            ).first()
        _change(filing, user=user, to=move.target, note=note)
    return filing


def document_upload(*, user: Any, document: DossierDocument, file: Any) -> DocumentVersion:
    """A new version of a dossier document, by the firm or its adviser: PDF, PNG or JPEG by its
    first bytes, at most CAPITAL_DOCUMENT_MAX_BYTES. The document goes back to review."""
    if not file:
        raise field_error("file", _("Attach a file."), Code.REQUIRED)
    # The content decides the type, never the name (the stored name is the document's own).
    try:
        kind = check_upload(file, max_bytes=settings.CAPITAL_DOCUMENT_MAX_BYTES)
    except UploadRefused as refused:
        if refused.code == UploadProblem.TOO_LARGE:
            raise field_error(
                "file",
                _("The file is {size}; it may be at most {limit}.").format(
                    size=filesizeformat(refused.size), limit=filesizeformat(refused.limit)
                ),
                Code.DOCUMENT_SIZE,
            ) from None
        raise field_error(
            "file", _("Attach the document as a PDF, PNG or JPEG file."), Code.DOCUMENT_TYPE
        ) from None
    content = file.read()
    content_type, extension = kind.content_type, kind.extension
    with transaction.atomic():
        filing = Filing.objects.select_for_update().get(pk=document.filing_id)
        parties = CapitalScope(user).filing_parties(filing)
        require(
            bool(parties & pipeline.UPLOADERS),
            _("Only the firm or its adviser may upload documents."),
        )
        if filing.stage not in pipeline.EDITABLE_STAGES:
            raise field_error(
                "file",
                _("The dossier cannot be changed at this stage."),
                Code.INVALID_STATE,
            )
        document = DossierDocument.objects.select_for_update().get(pk=document.pk)
        number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = DocumentVersion(
            document=document,
            number=number,
            content_type=content_type,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=user,
        )
        version.file.save(
            f"{filing.pk}-{document.kind}-{document.fiscal_year}-v{number}{extension}",
            ContentFile(content),
            save=False,
        )
        version.save()
        document.status = DocumentStatus.SUBMITTED
        document.reviewer = None
        document.reviewed_at = None
        document.review_note = ""
        document.save(update_fields=["status", "reviewer", "reviewed_at", "review_note"])
    return version


def document_review(
    *, user: Any, document: DossierDocument, accept: bool, note: str = ""
) -> DossierDocument:
    """The adviser or staff accept a submitted version or send it back with a note."""
    with transaction.atomic():
        filing = Filing.objects.select_for_update().get(pk=document.filing_id)
        parties = CapitalScope(user).filing_parties(filing)
        require(
            bool(parties & pipeline.REVIEWERS),
            _("Only the engaged adviser or agency staff may review documents."),
        )
        document = DossierDocument.objects.select_for_update().get(pk=document.pk)
        if filing.stage not in pipeline.EDITABLE_STAGES:
            raise field_error(
                "decision", _("The dossier cannot be changed at this stage."), Code.INVALID_STATE
            )
        if document.status != DocumentStatus.SUBMITTED:
            raise field_error(
                "decision", _("Only a submitted document can be reviewed."), Code.INVALID_STATE
            )
        note = _note(note)
        if not accept and not note:
            raise field_error("note", _("Say what should change."), Code.REQUIRED)
        document.status = DocumentStatus.ACCEPTED if accept else DocumentStatus.CHANGES_REQUESTED
        document.reviewer = user
        document.reviewed_at = timezone.now()
        document.review_note = note
        document.save(update_fields=["status", "reviewer", "reviewed_at", "review_note"])
    return document


def dossier_read_record(
    *, user: Any, filing: Filing, version: DocumentVersion | None = None
) -> DossierRead:
    """The audit of one read of the dossier (a page, an API detail or a file download)."""
    return DossierRead.objects.create(user=user, filing=filing, version=version)
