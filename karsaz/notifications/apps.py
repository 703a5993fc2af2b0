from django.utils.translation import gettext_lazy as _

from karsaz.core import modules


class NotificationsConfig(modules.KarsazModule):
    """The shared notification layer: programmes call `karsaz.notifications.services.notify`;
    it imports no programme (pyproject.toml's contracts)."""

    name = "karsaz.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    urls = "karsaz.notifications.urls"
    api_urls = "karsaz.notifications.api.urls"
    file_set_exceptions = {
        "filters": "one unfiltered list per user, newest first",
        "tasks": "its e-mail goes through the shared core.tasks.send_email",
        "periodic": "the reminders are the programmes' own jobs (events, clinics)",
    }
