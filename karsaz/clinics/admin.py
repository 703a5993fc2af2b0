from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from karsaz.clinics.models import (
    ActionItem,
    Case,
    CaseSession,
    Clinic,
    Consultant,
    FollowUp,
    NoteRead,
    Referral,
    Satisfaction,
)


@admin.register(Clinic)
class ClinicAdmin(SimpleHistoryAdmin):
    list_display = ["enterprise", "accredited_until", "active"]
    raw_id_fields = ["enterprise"]


@admin.register(Consultant)
class ConsultantAdmin(SimpleHistoryAdmin):
    list_display = ["user", "clinic", "capacity", "accreditation_expires", "active"]
    list_filter = ["active", "clinic"]
    raw_id_fields = ["user", "clinic"]
    filter_horizontal = ["provinces"]


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ["id", "enterprise", "province", "state", "consultant", "created_at"]
    list_filter = ["state", "province"]
    raw_id_fields = ["enterprise", "clinic", "consultant", "requested_by"]


@admin.register(CaseSession)
class CaseSessionAdmin(SimpleHistoryAdmin):
    list_display = ["case", "date", "minutes", "mode"]
    raw_id_fields = ["case", "created_by"]


admin.site.register(ActionItem, SimpleHistoryAdmin)
admin.site.register(Referral, SimpleHistoryAdmin)
admin.site.register(FollowUp, SimpleHistoryAdmin)
admin.site.register(Satisfaction)


@admin.register(NoteRead)
class NoteReadAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "case", "session", "kind"]
    list_filter = ["kind"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
