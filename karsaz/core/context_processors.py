from typing import Any

from django.http import HttpRequest

from karsaz.core.navigation import nav_for, nav_sections


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    current = request.resolver_match.namespace if request.resolver_match else ""
    top, tabs = nav_sections(nav_for(user), current)
    return {"nav_items": top, "nav_tabs": tabs, "nav_current": current}
