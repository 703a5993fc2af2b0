"""Admission: the firm engages a licensed adviser (consent, revocable), a filing moves through
its stages, and its dossier holds one versioned document per required kind. Every read of a
dossier is audited."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from karsaz.capital.choices import (
    FINAL_STAGES,
    DocumentKind,
    DocumentStatus,
    EngagementState,
    FilingStage,
    Market,
)
from karsaz.capital.models.readiness import RuleSet
from karsaz.core.textlimits import COMMENT_MAX


class Engagement(models.Model):
    """The firm's consent that an adviser (an enterprise of kind admission adviser) sees its
    dossier. One active engagement per firm; revoking ends the adviser's access at once."""

    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="capital_engagements"
    )
    adviser = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, related_name="capital_clients"
    )
    market = models.CharField(_("market"), max_length=16, choices=Market.choices)
    state = models.CharField(
        _("state"), max_length=8, choices=EngagementState.choices, default=EngagementState.ACTIVE
    )
    consented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    consented_at = models.DateTimeField(_("consent given"), default=timezone.now)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(_("consent revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-consented_at", "-id"]
        verbose_name = _("adviser engagement")
        verbose_name_plural = _("adviser engagements")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(state=EngagementState.ACTIVE),
                name="capital_engagement_one_active",
            ),
            models.CheckConstraint(
                condition=~Q(enterprise=models.F("adviser")), name="capital_engagement_not_self"
            ),
            models.CheckConstraint(
                condition=(Q(state=EngagementState.REVOKED) & Q(revoked_at__isnull=False))
                | (Q(state=EngagementState.ACTIVE) & Q(revoked_at__isnull=True)),
                name="capital_engagement_revoked_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} → {self.adviser}"


class Filing(models.Model):
    """A firm's way to one market, from preparation to the admission board's answer."""

    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="capital_filings"
    )
    # Copied from the firm so the agency's board filters by province without a join.
    province = models.ForeignKey(
        "registry.Province", on_delete=models.PROTECT, related_name="capital_filings"
    )
    market = models.CharField(_("market"), max_length=16, choices=Market.choices)
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="filings")
    engagement = models.ForeignKey(
        Engagement, null=True, blank=True, on_delete=models.SET_NULL, related_name="filings"
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=FilingStage.choices, default=FilingStage.PREPARATION
    )
    stage_since = models.DateTimeField(_("in this stage since"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-stage_since", "-id"]
        verbose_name = _("filing")
        verbose_name_plural = _("filings")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "market"],
                condition=~Q(stage__in=FINAL_STAGES),
                name="capital_filing_one_open_per_market",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.get_market_display()}"


class StageChange(models.Model):
    """Every transition, who made it and when: the filing's history and the firm's timeline."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="changes")
    from_stage = models.CharField(max_length=20, choices=FilingStage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=FilingStage.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    note = models.CharField(_("note"), max_length=COMMENT_MAX, blank=True)

    class Meta:
        ordering = ["filing", "at", "id"]

    def __str__(self) -> str:
        return f"{self.filing}: {self.from_stage} → {self.to_stage}"


class DossierDocument(models.Model):
    """One item of the market's checklist in a filing's dossier; its files are versions."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=24, choices=DocumentKind.choices)
    # For audited statements: which fiscal year; 0 for documents that have no year.
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.MISSING
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(_("review note"), max_length=COMMENT_MAX, blank=True)

    class Meta:
        ordering = ["filing", "kind", "fiscal_year"]
        verbose_name = _("dossier document")
        verbose_name_plural = _("dossier documents")
        constraints = [
            models.UniqueConstraint(
                fields=["filing", "kind", "fiscal_year"], name="capital_document_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filing} · {self.get_kind_display()}"


class DocumentVersion(models.Model):
    document = models.ForeignKey(DossierDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to="capital/dossiers/%Y/%m/", max_length=255)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="capital_version_once"),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class DossierRead(models.Model):
    """The audit of who read a dossier (or downloaded one of its files), and when."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="reads")
    version = models.ForeignKey(
        DocumentVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="reads"
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("dossier read")
        verbose_name_plural = _("dossier reads")

    def __str__(self) -> str:
        return f"{self.user} · {self.filing} · {self.at:%Y-%m-%d %H:%M}"
