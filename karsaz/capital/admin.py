"""Capital's admin. Readiness: staff edit rule sets and their criteria; a rule set an
assessment has used is read-only, and "publish a new version" copies it (version + 1) with its
criteria and retires the older versions, so no assessment is ever rewritten."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from karsaz.capital.models import Criterion, RuleSet
from karsaz.capital.services.readiness import FACT_KEYS, publish_new_version, rule_set_in_use


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["rule_set", "order", "key", "kind", "threshold", "weight", "title_fa",
                  "title_en", "advice_fa", "advice_en"]  # fmt: skip

    def clean_key(self) -> str:
        key = self.cleaned_data["key"]
        if key not in FACT_KEYS:
            raise forms.ValidationError(
                _("Unknown fact «{key}»: use one of {keys}.").format(
                    key=key, keys=", ".join(sorted(FACT_KEYS))
                ),
                code="invalid",
            )
        return key


class CriterionInline(admin.TabularInline):
    model = Criterion
    form = CriterionForm
    extra = 0
    fields = ["order", "key", "kind", "threshold", "weight", "title_fa", "title_en",
              "advice_fa", "advice_en"]  # fmt: skip

    def _frozen(self, obj: Any) -> bool:
        return obj is not None and rule_set_in_use(obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ["market", "version", "title_fa", "active", "created_at"]
    list_filter = ["market", "active"]
    inlines = [CriterionInline]
    actions = ["publish_new_version"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and rule_set_in_use(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and rule_set_in_use(obj):
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description=gettext_lazy("Publish a new version"))
    def publish_new_version(self, request: HttpRequest, queryset: QuerySet[RuleSet]) -> None:
        for rule_set in queryset.order_by("market", "version"):
            copy = publish_new_version(rule_set=rule_set)
            self.message_user(
                request,
                _("{rule_set} published; the older versions are retired.").format(rule_set=copy),
                messages.SUCCESS,
            )
