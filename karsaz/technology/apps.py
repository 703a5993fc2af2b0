from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from karsaz.core.navigation import NavItem


def _staff(user: object) -> bool:
    return bool(getattr(user, "is_agency_staff", False))


class TechnologyConfig(AppConfig):
    name = "karsaz.technology"
    label = "technology"
    verbose_name = _("Technology exchange")
    nav_items = (
        NavItem(label=_("Technology needs"), url_name="technology:need_list", order=20),
        NavItem(label=_("Capabilities"), url_name="technology:capability_list", order=21),
        NavItem(label=_("Proposals"), url_name="technology:proposal_list", order=22),
        NavItem(label=_("Deal pipeline"), url_name="technology:pipeline", order=23, visible=_staff),
    )

    def ready(self) -> None:
        from karsaz.technology import checks  # noqa: F401  (registers the system checks)
