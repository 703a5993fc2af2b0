"""The stored aggregates, read-only: the refresh job writes them, nobody edits them by hand."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from karsaz.insights.models import Cell, Refresh


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Cell)
class CellAdmin(ReadOnly):
    list_display = ("fact", "month", "province", "park", "isic_division", "size_class", "kind",
                    "series", "rows", "total", "firms")  # fmt: skip
    list_filter = ("fact", "size_class", "kind")
    list_select_related = ("province", "park")
    search_fields = ("fact", "series")


@admin.register(Refresh)
class RefreshAdmin(ReadOnly):
    list_display = ("fact", "finished_at", "full", "months", "cells")
    search_fields = ("fact",)
