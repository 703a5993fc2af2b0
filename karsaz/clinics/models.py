"""Business clinics: accredited consultancies, their consultants, cases and measured impact."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from karsaz.clinics.choices import (
    CASE_MOVES,
    ActionStatus,
    CaseState,
    FollowUpStatus,
    ReadKind,
    ReferralStatus,
    ReferralTarget,
    SessionMode,
)
from karsaz.core.i18n import page_digits
from karsaz.core.money import RialField, rial_check
from karsaz.core.textlimits import COMMENT_MAX, LONG_TEXT_MAX, TEXT_MAX


class Clinic(models.Model):
    """An accredited consultancy: a registry enterprise of kind consultancy."""

    enterprise = models.OneToOneField(
        "registry.Enterprise",
        verbose_name=_("consultancy"),
        on_delete=models.PROTECT,
        related_name="clinic",
    )
    accredited_until = models.DateField(_("accredited until"))
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["enterprise__name_fa", "id"]
        verbose_name = _("clinic")
        verbose_name_plural = _("clinics")

    def __str__(self) -> str:
        return str(self.enterprise)

    @property
    def name_fa(self) -> str:
        return self.enterprise.name_fa

    @property
    def name_en(self) -> str:
        return self.enterprise.name_en

    @property
    def accredited(self) -> bool:
        return self.active and self.accredited_until >= timezone.localdate()


class Consultant(models.Model):
    """A member of a clinic who takes cases in their specialties and provinces."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consultant_profiles"
    )
    clinic = models.ForeignKey(
        Clinic, verbose_name=_("clinic"), on_delete=models.PROTECT, related_name="consultants"
    )
    # Area codes (choices.Area); a JSON list works the same on SQLite and PostgreSQL.
    specialties = models.JSONField(_("specialties"), default=list)
    provinces = models.ManyToManyField(
        "registry.Province", verbose_name=_("provinces served"), related_name="consultants"
    )
    languages = models.JSONField(_("languages"), default=list)
    capacity = models.PositiveSmallIntegerField(_("capacity (open cases)"), default=5)
    accreditation_expires = models.DateField(_("accreditation expires"))
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(m2m_fields=[provinces])

    class Meta:
        ordering = ["clinic_id", "user__last_name", "id"]
        verbose_name = _("consultant")
        verbose_name_plural = _("consultants")
        constraints = [
            models.UniqueConstraint(fields=["user", "clinic"], name="consultant_once_per_clinic"),
            models.CheckConstraint(
                name="consultant_capacity_range", condition=Q(capacity__gte=1, capacity__lte=100)
            ),
        ]

    def __str__(self) -> str:
        return self.user.display_name

    @property
    def accredited(self) -> bool:
        return (
            self.active
            and self.accreditation_expires >= timezone.localdate()
            and self.clinic.accredited
        )


class Case(models.Model):
    """One enterprise's request for help, from intake to closure."""

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="clinic_cases",
    )
    # Copied from the enterprise at intake: the province that supervises the case.
    province = models.ForeignKey(
        "registry.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="clinic_cases",
    )
    state = models.CharField(
        _("state"), max_length=16, choices=CaseState.choices, default=CaseState.REQUESTED
    )
    problem = models.TextField(_("problem"), max_length=TEXT_MAX)
    answers = models.JSONField(_("questionnaire answers"), default=dict)
    scores = models.JSONField(_("area scores"), default=dict)
    urgent_areas = models.JSONField(_("most urgent areas"), default=list)
    clinic = models.ForeignKey(
        Clinic, verbose_name=_("clinic"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="cases",
    )  # fmt: skip
    consultant = models.ForeignKey(
        Consultant, verbose_name=_("consultant"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="cases",
    )  # fmt: skip
    override_reason = models.CharField(_("reason for override"), max_length=255, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now, db_index=True)
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    first_session_on = models.DateField(_("first session"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    outcome = models.TextField(_("closing summary"), blank=True, max_length=TEXT_MAX)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=255, blank=True)
    history = HistoricalRecords(excluded_fields=["last_activity_at"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["state", "province"]),
            models.Index(fields=["-created_at", "-id"], name="case_list_order_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="case_assigned_has_consultant",
                condition=Q(state=CaseState.REQUESTED)
                | Q(state=CaseState.CANCELLED)
                | Q(consultant__isnull=False, clinic__isnull=False),
            ),
            # One open case per enterprise, enforced by the database too (partial unique index).
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(state__in=["requested", "assigned", "in_progress"]),
                name="case_one_open_per_enterprise",
                violation_error_message=_("This enterprise already has an open case."),
            ),
            models.CheckConstraint(
                name="case_closed_has_date",
                condition=~Q(state=CaseState.CLOSED) | Q(closed_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return _("Case {number}").format(number=page_digits(self.pk))

    @property
    def is_open(self) -> bool:
        return self.state in (CaseState.REQUESTED, CaseState.ASSIGNED, CaseState.IN_PROGRESS)

    @property
    def survey_open(self) -> bool:
        """The satisfaction survey belongs to a closed case."""
        return self.state in CASE_MOVES["survey"]


class CaseSession(models.Model):
    """A counselling session. Its notes and attachment are private (see permissions)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(_("minutes"))
    mode = models.CharField(_("mode"), max_length=16, choices=SessionMode.choices)
    notes = models.TextField(_("notes"), blank=True, max_length=LONG_TEXT_MAX)
    attachment = models.FileField(
        _("attachment"), upload_to="clinics/sessions/%Y/%m/", blank=True, max_length=255
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                name="session_minutes_range", condition=Q(minutes__gte=5, minutes__lte=12 * 60)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.date}"


class ActionItem(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="action_items")
    title = models.CharField(_("action"), max_length=255)
    owner = models.CharField(_("person responsible"), max_length=128)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.title

    @property
    def overdue(self) -> bool:
        return (
            self.status
            in (
                ActionStatus.OPEN,
                ActionStatus.IN_PROGRESS,
            )
            and self.due_date < timezone.localdate()
        )


class Referral(models.Model):
    """A referral into another programme; the linked record is made when that app is installed."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    target = models.CharField(_("programme"), max_length=16, choices=ReferralTarget.choices)
    description = models.TextField(_("what is needed"), max_length=TEXT_MAX)
    status = models.CharField(_("status"), max_length=16, choices=ReferralStatus.choices)
    linked_model = models.CharField(_("linked record type"), max_length=64, blank=True)
    linked_id = models.PositiveBigIntegerField(_("linked record"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.CheckConstraint(
                name="referral_linked_has_record",
                condition=~Q(status=ReferralStatus.LINKED) | Q(linked_id__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} → {self.get_target_display()}"


class FollowUp(models.Model):
    """Impact measured 6 and 12 months after closure, confirmed by the client."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="followups")
    months = models.PositiveSmallIntegerField(_("months after closure"))
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=16, choices=FollowUpStatus.choices, default=FollowUpStatus.SCHEDULED
    )
    jobs_created = models.PositiveIntegerField(_("jobs created"), null=True, blank=True)
    jobs_retained = models.PositiveIntegerField(_("jobs retained"), null=True, blank=True)
    # Rials, signed: sales may fall.
    sales_change = RialField(
        _("change in annual sales (rials)"), null=True, blank=True, signed=True
    )
    financing_obtained = RialField(_("financing obtained (rials)"), null=True, blank=True)
    new_products = models.PositiveIntegerField(_("new products"), null=True, blank=True)
    exports = RialField(_("exports (rials)"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    overdue_flagged_at = models.DateTimeField(_("flagged overdue"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.UniqueConstraint(fields=["case", "months"], name="followup_once_per_milestone"),
            models.CheckConstraint(
                name="followup_money_not_negative",
                condition=(Q(financing_obtained__isnull=True) | Q(financing_obtained__gte=0))
                & (Q(exports__isnull=True) | Q(exports__gte=0)),
            ),
            rial_check("followup_sales_change_range", "sales_change", signed=True, nullable=True),
            rial_check("followup_financing_range", "financing_obtained", nullable=True),
            rial_check("followup_exports_range", "exports", nullable=True),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.months}"

    @property
    def overdue(self) -> bool:
        return self.status == FollowUpStatus.SCHEDULED and self.due_on < timezone.localdate()

    @property
    def is_due(self) -> bool:
        """Figures may be recorded and confirmed from the due date on, never before."""
        return self.due_on <= timezone.localdate()

    @property
    def has_figures(self) -> bool:
        return self.status in (FollowUpStatus.RECORDED, FollowUpStatus.CONFIRMED)

    @property
    def awaiting_due(self) -> bool:
        """Scheduled, and its due date has not come yet."""
        return self.status == FollowUpStatus.SCHEDULED and not self.is_due


class Satisfaction(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="satisfaction")
    score = models.PositiveSmallIntegerField(_("overall satisfaction (1–5)"))
    would_recommend = models.BooleanField(_("would recommend the clinic"))
    comment = models.TextField(_("comment"), blank=True, max_length=COMMENT_MAX)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        constraints = [
            models.CheckConstraint(
                name="satisfaction_score_range", condition=Q(score__gte=1, score__lte=5)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.score}"


class NoteRead(models.Model):
    """The audit of who read private case notes or attachments, and when."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="note_reads")
    session = models.ForeignKey(
        CaseSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="reads"
    )
    kind = models.CharField(_("what"), max_length=16, choices=ReadKind.choices)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("note read")
        verbose_name_plural = _("note reads")

    def __str__(self) -> str:
        return f"{self.user} · {self.case} · {self.at:%Y-%m-%d}"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's end (31 Aug + 6 → 28/29 Feb)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)
