"""The admin in the product's languages: a translated header and Jalali dates in every list.

Stock Django shows a changelist's dates through DATE_FORMAT, which knows only the Gregorian
calendar; each date column of every registered ModelAdmin is swapped, once apps are ready, for
a column that shows the date as the product's pages do (``core.jalali``), sortable as before.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from karsaz.core import jalali
from karsaz.core.i18n import page_language


def _jalali_column(field: models.Field[Any, Any]) -> Callable[[Any], str]:
    timed = isinstance(field, models.DateTimeField)

    def column(obj: Any) -> str:
        value = getattr(obj, field.name)
        if value is None:
            return "—"
        if timed:
            return jalali.format_datetime(value, lang=page_language())
        return jalali.format_date(value, lang=page_language())

    column.short_description = field.verbose_name  # type: ignore[attr-defined]
    column.admin_order_field = field.name  # type: ignore[attr-defined]
    return column


def localize(site: admin.AdminSite) -> None:
    """Translated titles and Jalali date columns on ``site`` (run once, from CoreConfig.ready)."""
    site.site_header = _("Karsaz administration")
    site.site_title = _("Karsaz administration")
    site.index_title = _("Administration")
    for model, model_admin in site._registry.items():
        fields = {f.name: f for f in model._meta.get_fields() if isinstance(f, models.DateField)}
        display = list(model_admin.list_display)
        swapped = [
            _jalali_column(fields[name]) if isinstance(name, str) and name in fields else name
            for name in display
        ]
        if swapped != display:
            model_admin.list_display = tuple(swapped)
            if isinstance(model_admin.list_display_links, (list, tuple)):
                links = [
                    swapped[display.index(n)] if n in display else n
                    for n in model_admin.list_display_links
                ]
                model_admin.list_display_links = tuple(links)
