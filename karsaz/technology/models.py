"""Technology needs, capabilities, proposals between them, and the matcher's change log."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from karsaz.core.money import RialField, rial_check
from karsaz.core.textlimits import LONG_TEXT_MAX, TEXT_MAX
from karsaz.registry.models import Enterprise, IsicActivity, Province
from karsaz.technology.choices import (
    TRL_CHOICES,
    AgreementType,
    IpStatus,
    ProposalState,
    RecordKind,
    RecordStatus,
)

_TRL = [MinValueValidator(1), MaxValueValidator(9)]


class TechnologyNeed(models.Model):
    """A technical problem an SME cannot solve alone. ``confidential_details`` is seen only by
    the need's enterprise and agency staff, and by a partner once the owner accepts its proposal.
    """

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="needs"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("public summary"), max_length=TEXT_MAX)
    desired_outcome = models.TextField(_("desired outcome"), blank=True, max_length=TEXT_MAX)
    confidential_details = models.TextField(
        _("confidential details"), blank=True, max_length=LONG_TEXT_MAX
    )
    isic = models.ForeignKey(
        IsicActivity,
        verbose_name=_("ISIC sector"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_trl = models.PositiveSmallIntegerField(
        _("target TRL"), choices=TRL_CHOICES, default=6, validators=_TRL
    )
    budget_min = RialField(_("budget from (rials)"), null=True, blank=True)
    budget_max = RialField(_("budget up to (rials)"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=RecordStatus.choices, default=RecordStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("posted"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("technology need")
        verbose_name_plural = _("technology needs")
        indexes = [
            models.Index(fields=["status", "province"]),
            # Browse pages read the newest first: ORDER BY … LIMIT walks this index.
            models.Index(fields=["-created_at", "-id"], name="need_list_order_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="need_budget_not_negative",
                condition=(Q(budget_min__isnull=True) | Q(budget_min__gte=0))
                & (Q(budget_max__isnull=True) | Q(budget_max__gte=0)),
            ),
            rial_check("need_budget_min_range", "budget_min", nullable=True),
            rial_check("need_budget_max_range", "budget_max", nullable=True),
            models.CheckConstraint(
                name="need_budget_ordered",
                condition=Q(budget_min__isnull=True)
                | Q(budget_max__isnull=True)
                | Q(budget_max__gte=F("budget_min")),
            ),
            models.CheckConstraint(
                name="need_trl_range", condition=Q(target_trl__gte=1, target_trl__lte=9)
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def public_text(self) -> str:
        """What the matcher indexes: never the confidential details."""
        return "\n".join(p for p in (self.title, self.summary, self.desired_outcome) if p)


class Capability(models.Model):
    """What a knowledge-based firm, university or lab can do."""

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="capabilities",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=TEXT_MAX)
    trl = models.PositiveSmallIntegerField(
        _("TRL"), choices=TRL_CHOICES, default=6, validators=_TRL
    )
    keywords = models.CharField(_("keywords"), max_length=500, blank=True)
    ip_status = models.CharField(
        _("IP status"), max_length=10, choices=IpStatus.choices, default=IpStatus.KNOW_HOW
    )
    sectors = models.ManyToManyField(
        IsicActivity, verbose_name=_("sectors"), blank=True, related_name="+"
    )
    references = models.TextField(_("references"), blank=True, max_length=TEXT_MAX)
    status = models.CharField(
        _("status"), max_length=8, choices=RecordStatus.choices, default=RecordStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("posted"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("capability")
        verbose_name_plural = _("capabilities")
        indexes = [models.Index(fields=["-created_at", "-id"], name="capability_list_order_idx")]
        constraints = [
            models.CheckConstraint(name="capability_trl_range", condition=Q(trl__gte=1, trl__lte=9))
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def public_text(self) -> str:
        return "\n".join(p for p in (self.title, self.description, self.keywords) if p)


class Proposal(models.Model):
    """A capability answering a need, followed to a signed agreement and delivery."""

    need = models.ForeignKey(
        TechnologyNeed, verbose_name=_("need"), on_delete=models.CASCADE, related_name="proposals"
    )
    capability = models.ForeignKey(
        Capability,
        verbose_name=_("capability"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    state = models.CharField(
        _("state"), max_length=12, choices=ProposalState.choices, default=ProposalState.PROPOSED
    )
    pitch = models.TextField(_("proposal"), max_length=TEXT_MAX)
    agreement_type = models.CharField(
        _("agreement type"), max_length=16, choices=AgreementType.choices, blank=True
    )
    agreement_value = RialField(_("agreement value (rials)"), null=True, blank=True)
    agreement_date = models.DateField(_("agreement date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.UniqueConstraint(fields=["need", "capability"], name="proposal_unique_pair"),
            models.CheckConstraint(
                name="proposal_value_not_negative",
                condition=Q(agreement_value__isnull=True) | Q(agreement_value__gte=0),
            ),
            rial_check("proposal_value_range", "agreement_value", nullable=True),
            models.CheckConstraint(
                name="proposal_signed_has_agreement",
                condition=~Q(state__in=["signed", "delivered"])
                | (
                    ~Q(agreement_type="")
                    & Q(agreement_value__isnull=False)
                    & Q(agreement_date__isnull=False)
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.capability} → {self.need}"


class ProposalEvent(models.Model):
    """One timestamped transition of a proposal, and who made it."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=12, choices=ProposalState.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=ProposalState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class ProposalMessage(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("message"), max_length=TEXT_MAX)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


def record_model(kind: str) -> type[TechnologyNeed] | type[Capability]:
    """The model behind a ``RecordKind`` (the matcher, the import and the tasks index by kind)."""
    return TechnologyNeed if kind == RecordKind.NEED else Capability


class IndexChange(models.Model):
    """The matcher's change log: every web process applies rows past the last it has seen."""

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=10, choices=RecordKind.choices)
    record_id = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.record_id}"


class RecordVector(models.Model):
    """A record's dense embedding, computed by a background task when its text changes."""

    kind = models.CharField(max_length=10, choices=RecordKind.choices)
    record_id = models.BigIntegerField()
    model = models.CharField(max_length=64)
    text_hash = models.CharField(max_length=64)
    vector = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "record_id"], name="vector_unique_record")
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.record_id} ({self.model})"


class TermVector(models.Model):
    """The dense model's vector of one indexed word (by stem), so typed queries are embedded by
    look-ups (see ``matching/terms.py``); written by the task queue when a record brings a new
    word, shared by every process."""

    model = models.CharField(max_length=64)
    stem = models.CharField(max_length=100)
    surface = models.CharField(max_length=100)
    vector = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model", "stem"], name="term_vector_unique_stem")
        ]

    def __str__(self) -> str:
        return f"{self.stem} ({self.model})"


class ProposalInvitation(models.Model):
    """A need's owner asking the enterprise behind a suggested capability to propose it: the
    capability's side sees the invitation on the need and the capability; once per pair."""

    need = models.ForeignKey(
        TechnologyNeed,
        verbose_name=_("need"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    capability = models.ForeignKey(
        Capability,
        verbose_name=_("capability"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("invited"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("invitation to propose")
        verbose_name_plural = _("invitations to propose")
        constraints = [
            models.UniqueConstraint(
                fields=["need", "capability"], name="technology_invitation_once_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.need} ← {self.capability}"
