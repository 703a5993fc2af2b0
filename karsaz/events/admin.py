from django.contrib import admin

from karsaz.events import models


@admin.register(models.Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("name_fa", "province", "starts_on", "days")
    filter_horizontal = ("organizers",)


@admin.register(models.Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ("enterprise", "event", "status")
    list_filter = ("status", "event")
    raw_id_fields = ("enterprise", "registered_by")


@admin.register(models.Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("request", "event", "slot", "table", "status", "sequence")
    list_filter = ("status", "event")
    raw_id_fields = ("request", "slot", "table")


@admin.register(models.ScheduleRun)
class ScheduleRunAdmin(admin.ModelAdmin):
    list_display = ("event", "status", "objective", "upper_bound", "created_at")


@admin.register(models.Deal)
class DealAdmin(admin.ModelAdmin):
    list_display = ("event", "kind", "document", "value_rials", "signed_on")
