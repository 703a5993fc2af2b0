from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from karsaz.core.navigation import NavItem


class EventsConfig(AppConfig):
    name = "karsaz.events"
    label = "events"
    verbose_name = _("Events")
    nav_items = (NavItem(label=_("Events"), url_name="events:event_list", order=30),)
