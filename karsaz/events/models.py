"""Exhibitions with B2B matchmaking: events, participants, requests, meetings and outcomes."""

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from karsaz.core.money import RialField, rial_check
from karsaz.core.textlimits import TEXT_MAX
from karsaz.events.choices import (
    PRIORITY_WEIGHT,
    DealDocument,
    DealKind,
    DealStatus,
    FollowUpAnswer,
    MeetingStatus,
    ParticipantStatus,
    Priority,
    RequestStatus,
    RunStatus,
)
from karsaz.registry.models import Enterprise, Province

ACTIVE_MEETING = [MeetingStatus.SCHEDULED, MeetingStatus.HELD, MeetingStatus.NO_SHOW]
# A no-show frees its table for a walk-in meeting.
TABLE_TAKEN = [MeetingStatus.SCHEDULED, MeetingStatus.HELD]


class Event(models.Model):
    name_fa = models.CharField(_("Persian name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    venue = models.CharField(_("venue"), max_length=255)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="events"
    )
    city = models.CharField(_("city"), max_length=64, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_MAX)
    starts_on = models.DateField(_("first day"))
    days = models.PositiveSmallIntegerField(_("days"), default=2)
    day_start = models.TimeField(_("meetings start"), default="09:00")
    day_end = models.TimeField(_("meetings end"), default="17:00")
    slot_minutes = models.PositiveSmallIntegerField(_("meeting length (minutes)"), default=30)
    # Breaks each day, local time: [["12:00", "13:00"], ...].
    breaks = models.JSONField(_("breaks"), default=list, blank=True)
    booths = models.PositiveIntegerField(_("booths"), default=0)
    registration_opens = models.DateTimeField(_("registration opens"))
    registration_closes = models.DateTimeField(_("registration closes"))
    requests_close = models.DateTimeField(_("meeting requests close"))
    request_expiry_hours = models.PositiveIntegerField(
        _("unanswered requests expire after (hours)"), default=72
    )
    organizers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("organizers"), related_name="organized_events"
    )
    published_at = models.DateTimeField(_("schedule published"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-starts_on", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                name="event_registration_order",
                condition=Q(registration_closes__gte=models.F("registration_opens")),
                violation_error_message=_("Registration must close after it opens."),
            ),
            models.CheckConstraint(
                name="event_positive_slots", condition=Q(slot_minutes__gte=5) & Q(days__gte=1)
            ),
        ]

    def __str__(self) -> str:
        return self.name_fa

    @property
    def ends_on(self) -> dt.date:
        return self.starts_on + dt.timedelta(days=self.days - 1)

    @property
    def registration_open(self) -> bool:
        return self.registration_opens <= timezone.now() < self.registration_closes

    @property
    def requests_open(self) -> bool:
        return timezone.now() < self.requests_close


class Slot(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    index = models.PositiveIntegerField()
    day = models.DateField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["event", "index"]
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        constraints = [
            models.UniqueConstraint(fields=["event", "index"], name="slot_unique_index"),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.day} {local:%H:%M}"


class Table(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tables")
    name = models.CharField(_("name"), max_length=64)
    is_room = models.BooleanField(_("room"), default=False)

    class Meta:
        ordering = ["event", "id"]
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="table_unique_name")]

    def __str__(self) -> str:
        return self.name


class Participant(models.Model):
    """An enterprise taking part in an event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="event_participations"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ParticipantStatus.choices,
        default=ParticipantStatus.PENDING,
    )
    looking_for = models.TextField(_("looking for"), blank=True, max_length=TEXT_MAX)
    offering = models.TextField(_("offering"), blank=True, max_length=TEXT_MAX)
    booth = models.CharField(_("booth"), max_length=16, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["event", "enterprise__name_fa"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["event", "enterprise"], name="participant_unique"),
        ]

    def __str__(self) -> str:
        return str(self.enterprise)


class Delegate(models.Model):
    """A person (a member of the participant's enterprise) who attends and meets."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="delegates")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="delegates")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="event_delegations"
    )
    max_meetings = models.PositiveSmallIntegerField(_("maximum meetings"), default=12)
    unavailable = models.ManyToManyField(
        Slot, verbose_name=_("unavailable slots"), blank=True, related_name="+"
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)

    class Meta:
        ordering = ["event", "participant", "id"]
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="delegate_once_per_event"),
        ]

    def __str__(self) -> str:
        return f"{self.user.display_name} ({self.participant})"


class MeetingRequest(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="requests")
    requester = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="sent_requests")
    recipient = models.ForeignKey(
        Delegate, on_delete=models.CASCADE, related_name="received_requests"
    )
    priority = models.CharField(
        _("priority"), max_length=16, choices=Priority.choices, default=Priority.WOULD_LIKE
    )
    message = models.CharField(_("message"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    answered_at = models.DateTimeField(null=True, blank=True)
    walk_in = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        constraints = [
            models.CheckConstraint(
                name="request_two_people", condition=~Q(requester=models.F("recipient"))
            ),
            # At most one live request between two delegates, whoever asked first.
            models.UniqueConstraint(
                Least("requester", "recipient"),
                Greatest("requester", "recipient"),
                name="request_one_live_per_pair",
                condition=Q(status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester} → {self.recipient}"

    @property
    def weight(self) -> int:
        return PRIORITY_WEIGHT[Priority(self.priority)]


class Meeting(models.Model):
    """An accepted request's place in the schedule. `uid` and `sequence` feed the ICS files."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    request = models.OneToOneField(MeetingRequest, on_delete=models.CASCADE, related_name="meeting")
    slot = models.ForeignKey(
        Slot, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    table = models.ForeignKey(
        Table, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.UNSCHEDULED
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    published = models.BooleanField(_("published"), default=False)
    requester_held = models.BooleanField(null=True, blank=True)
    recipient_held = models.BooleanField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slot__index", "table_id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "table"],
                name="meeting_one_per_table_slot",
                condition=Q(status__in=TABLE_TAKEN),
            ),
            models.CheckConstraint(
                name="meeting_placed_when_active",
                condition=~Q(status__in=ACTIVE_MEETING)
                | (Q(slot__isnull=False) & Q(table__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return str(self.request)

    @property
    def is_draft(self) -> bool:
        """Scheduled, not yet published to the two delegates."""
        return not self.published and self.status == MeetingStatus.SCHEDULED

    @property
    def outcome_reported(self) -> bool:
        """Whether it is settled that the meeting took place or not."""
        return self.status in (MeetingStatus.HELD, MeetingStatus.NO_SHOW)


class Seat(models.Model):
    """A delegate's place in a slot: the unique constraint makes double booking impossible."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="seats")
    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="seats")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["delegate", "slot"], name="seat_no_double_booking")
        ]

    def __str__(self) -> str:
        return f"{self.delegate_id}@{self.slot_id}"


class ScheduleRun(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="runs")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.FloatField(default=0.0)
    message = models.CharField(max_length=255, blank=True)
    time_limit_s = models.FloatField(default=20.0)
    objective = models.BigIntegerField(null=True, blank=True)
    upper_bound = models.BigIntegerField(null=True, blank=True)
    solver_status = models.CharField(max_length=16, blank=True)
    method = models.CharField(max_length=32, blank=True)
    scheduled = models.PositiveIntegerField(default=0)
    unscheduled = models.PositiveIntegerField(default=0)
    stats = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("scheduling run")
        verbose_name_plural = _("scheduling runs")

    def __str__(self) -> str:
        return f"{self.event} #{self.pk}"

    @property
    def ratio(self) -> float | None:
        if self.objective is None or not self.upper_bound:
            return None
        return self.objective / self.upper_bound

    @property
    def finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)

    @property
    def succeeded(self) -> bool:
        return self.status == RunStatus.DONE

    @property
    def proven_optimal(self) -> bool:
        """The solver proved no schedule has a larger total weight."""
        return self.solver_status == "optimal"


class MeetingRating(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="ratings")
    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(_("rating"))
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "delegate"], name="rating_once"),
            models.CheckConstraint(name="rating_1_to_5", condition=Q(score__gte=1, score__lte=5)),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.score}"


class FollowUp(models.Model):
    """The second-stage survey, months after the event."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups")
    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(_("answer"), max_length=16, choices=FollowUpAnswer.choices)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "delegate"], name="follow_up_once"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.answer}"


class Deal(models.Model):
    """An MoU or contract signed at or after the event. A party that records it confirms for
    its own enterprise; it counts (report, totals) once every party has confirmed it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deals")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="deals"
    )
    parties = models.ManyToManyField(Enterprise, verbose_name=_("parties"), related_name="+")
    kind = models.CharField(_("type"), max_length=16, choices=DealKind.choices)
    document = models.CharField(_("document"), max_length=16, choices=DealDocument.choices)
    value_rials = RialField(_("value (rials)"), default=0)
    signed_on = models.DateField(_("signed on"))
    title = models.CharField(_("title"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=DealStatus.choices, default=DealStatus.PENDING
    )
    confirmed_parties = models.ManyToManyField(
        Enterprise, verbose_name=_("confirmed by"), related_name="confirmed_deals+", blank=True
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = _("deal")
        verbose_name_plural = _("deals")
        constraints = [
            models.CheckConstraint(name="deal_value_not_negative", condition=Q(value_rials__gte=0)),
            rial_check("deal_value_range", "value_rials"),
        ]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()
