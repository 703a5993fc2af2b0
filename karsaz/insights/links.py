"""The `enterprise_links` hook: what insights adds to an enterprise's page in the registry (a
link to its timeline across programmes, for those who may open it)."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from karsaz.insights.permissions import InsightsScope


def enterprise_links(user: Any, enterprise: Any) -> list[tuple[str, str]]:
    if not InsightsScope(user).sees_firm(enterprise.pk, enterprise.province_id):
        return []
    url = reverse("insights:firm", kwargs={"pk": enterprise.pk})
    return [(_("Timeline across programmes"), url)]
