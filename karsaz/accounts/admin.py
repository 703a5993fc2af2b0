from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from karsaz.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "agency_role", "province"]
    list_filter = ["agency_role", "province", "is_staff", "is_active"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Agency"), {"fields": ("agency_role", "province", "phone")}),
        (_("Preferences"), {"fields": ("language", "currency_unit")}),
    )
