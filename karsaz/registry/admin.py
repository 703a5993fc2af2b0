from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from karsaz.registry.models import (
    City,
    Enterprise,
    IndustrialPark,
    IsicActivity,
    Membership,
    Province,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Enterprise)
class EnterpriseAdmin(SimpleHistoryAdmin):
    list_display = ["name_fa", "name_en", "kind", "national_id", "province", "employees"]
    list_filter = ["kind", "province"]
    search_fields = ["search_text", "national_id"]
    autocomplete_fields = ["isic", "park"]
    inlines = [MembershipInline]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fa", "name_en"]
    search_fields = ["name_fa", "name_en", "code"]


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name_fa", "name_en", "province", "is_capital"]
    list_filter = ["province"]


@admin.register(IndustrialPark)
class IndustrialParkAdmin(SimpleHistoryAdmin):
    list_display = ["name_fa", "name_en", "province", "kind"]
    list_filter = ["province", "kind"]
    search_fields = ["name_fa", "name_en"]


@admin.register(IsicActivity)
class IsicActivityAdmin(admin.ModelAdmin):
    list_display = ["code", "level", "title_fa", "title_en"]
    list_filter = ["level"]
    search_fields = ["code", "title_fa", "title_en"]
