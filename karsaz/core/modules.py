"""The module contract: each Karsaz app's AppConfig is a `KarsazModule` that declares what it adds.

A module declares, as class attributes of its AppConfig (`karsaz/<app>/apps.py`, written
`class FinanceConfig(modules.KarsazModule)` after `from karsaz.core import modules`: with the
class itself imported into apps.py, Django would see two AppConfigs there and pick neither):

- `nav_items`: its `NavItem`s (header and tabs; `order` is unique across modules, checked);
- `jobs`: the dotted path of the module holding its periodic `JOBS = (Every(...), ...)`,
  usually `"karsaz.<app>.periodic"`; `run_periodic` enqueues them;
- `demo`: the dotted path of its demo seeder, usually `"karsaz.<app>.demo.seed"`; `seed_demo`
  runs the seeders in INSTALLED_APPS order (settings.KARSAZ_MODULES);
- `urls` / `api_urls`: its page and API URLconfs (`"karsaz.<app>.urls"` is mounted at `<label>/`,
  `"karsaz.<app>.api.urls"` under `api/v1/`);
- `hooks`: what it offers other modules, hook name -> dotted path of a callable;
- `file_set_exceptions`: contract files it does not have, file -> reason (see `core/checks.py`).

`ready()` records the declaration in ONE registry, `registry` below (after NetBox's
`netbox/registry.py`): a dict of stores that `karsaz/urls.py`, `core.periodic`,
`core.management_seed` and `core.navigation` read instead of discovering modules themselves.
The registry freezes the first time it is read once every app is ready; a later `register()`
raises.

Cross-module hooks: a module never imports another domain module to call it; it asks for a hook
by name and gets every installed provider, app label -> callable:

    for label, create in modules.hooks("clinic_referral").items():
        record = create(user=user, enterprise=enterprise, description=text, case_id=case.pk)

A provider declares it on its AppConfig:
`hooks = {"clinic_referral": "karsaz.technology.referrals.create_from_clinic_referral"}`.
An app that is not installed (or declares no such hook) is simply absent from the dict.
"""

from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, ClassVar

from django.apps import AppConfig, apps
from django.core.exceptions import AppRegistryNotReady, ImproperlyConfigured
from django.utils.module_loading import import_string

from karsaz.core.navigation import NavItem

STORES = ("modules", "nav_items", "jobs", "demo", "urls", "api_urls", "hooks")


class Registry(Mapping[str, Any]):
    """Stores keyed by name; filled by `KarsazModule.ready()`, read-only once apps are ready."""

    def __init__(self) -> None:
        self._stores: dict[str, Any] = {
            "modules": {},  # label -> KarsazModule, INSTALLED_APPS order
            "nav_items": [],  # every NavItem, sorted by order when frozen
            "jobs": {},  # label -> dotted path of the module holding JOBS
            "demo": {},  # label -> dotted path of the seeder
            "urls": {},  # label -> page URLconf
            "api_urls": {},  # label -> API URLconf
            "hooks": {},  # hook name -> {label: dotted path}
        }
        self.frozen = False

    def register(self, module: "KarsazModule") -> None:
        if self.frozen:
            raise ImproperlyConfigured(f"Module {module.label!r} registered after apps were ready.")
        stores = self._stores
        if module.label in stores["modules"]:
            raise ImproperlyConfigured(f"Module {module.label!r} registered twice.")
        stores["modules"][module.label] = module
        stores["nav_items"].extend(module.nav_items)
        for store in ("jobs", "demo", "urls", "api_urls"):
            path = getattr(module, store)
            if path:
                stores[store][module.label] = path
        for name, path in module.hooks.items():
            stores["hooks"].setdefault(name, {})[module.label] = path

    def _freeze(self) -> None:
        if self.frozen:
            return
        if not apps.ready:
            raise AppRegistryNotReady("The Karsaz module registry is read once apps are ready.")
        s = self._stores
        self._stores = {
            "modules": MappingProxyType(s["modules"]),
            "nav_items": tuple(sorted(s["nav_items"], key=lambda item: item.order)),
            "jobs": MappingProxyType(s["jobs"]),
            "demo": MappingProxyType(s["demo"]),
            "urls": MappingProxyType(s["urls"]),
            "api_urls": MappingProxyType(s["api_urls"]),
            "hooks": MappingProxyType(
                {name: MappingProxyType(by_app) for name, by_app in s["hooks"].items()}
            ),
        }
        self.frozen = True

    def __getitem__(self, store: str) -> Any:
        self._freeze()
        return self._stores[store]

    def __iter__(self) -> Iterator[str]:
        return iter(STORES)

    def __len__(self) -> int:
        return len(STORES)


registry = Registry()


class KarsazModule(AppConfig):
    """The AppConfig of a Karsaz module: what the module contributes (see the module docstring)."""

    nav_items: ClassVar[tuple[NavItem, ...]] = ()
    jobs: ClassVar[str | None] = None
    demo: ClassVar[str | None] = None
    urls: ClassVar[str | None] = None
    api_urls: ClassVar[str | None] = None
    hooks: ClassVar[dict[str, str]] = {}
    file_set_exceptions: ClassVar[dict[str, str]] = {}
    # False only for core: the platform itself, not a domain module (no contract file set).
    domain: ClassVar[bool] = True

    def ready(self) -> None:
        registry.register(self)


def modules() -> list[KarsazModule]:
    """Every Karsaz module, in INSTALLED_APPS order."""
    return list(registry["modules"].values())


def hooks(name: str) -> dict[str, Callable[..., Any]]:
    """Every installed provider of hook `name`: app label -> the callable (module docstring)."""
    return {label: import_string(path) for label, path in registry["hooks"].get(name, {}).items()}
