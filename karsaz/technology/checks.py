"""System checks: a misspelt matching setting fails at start-up, not on the first search."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from karsaz.technology.matching.engine import QUERY_VECTORS


@register()
def query_vectors_setting(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    value = getattr(settings, "TECHNOLOGY_QUERY_VECTORS", "terms")
    if value in QUERY_VECTORS:
        return []
    return [
        Error(
            f"TECHNOLOGY_QUERY_VECTORS is {value!r}.",
            hint=f"Use one of {', '.join(QUERY_VECTORS)}.",
            id="technology.E001",
        )
    ]
