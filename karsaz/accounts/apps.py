from django.utils.translation import gettext_lazy as _

from karsaz.core import modules


class AccountsConfig(modules.KarsazModule):
    name = "karsaz.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    demo = "karsaz.accounts.demo.seed"
    urls = "karsaz.accounts.urls"
    api_urls = "karsaz.accounts.api.urls"
    file_set_exceptions = {
        "permissions": "scope.py holds ActorScope, the base every module's scope builds on",
        "filters": "no filtered lists",
        "tasks": "no background work",
        "periodic": "no periodic jobs",
        "locale": "its strings are in the project catalogue, karsaz/locale",
        "README.md": "the platform README and docs/adding-a-module.md describe scopes and roles",
    }
