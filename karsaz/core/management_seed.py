"""`seed_demo` runs each app's `demo.seed` in INSTALLED_APPS order: later modules plug in."""

import importlib
import random
from typing import Any

from django.apps import apps
from django.conf import settings


def demo_seeders() -> list[Any]:
    seeders = []
    for config in apps.get_app_configs():
        if not config.name.startswith("karsaz."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        seeders.append(module.seed)
    return seeders


def run_demo_seeders(*, stdout: Any, seed: int | None = None) -> list[tuple[str, str, str]]:
    credentials: list[tuple[str, str, str]] = []
    for seeder in demo_seeders():
        # Each app gets its own generator, so adding one app never changes another's data.
        rng = random.Random(f"{seed or settings.KARSAZ_DEMO_SEED}:{seeder.__module__}")
        credentials.extend(seeder(rng=rng, stdout=stdout) or [])
    return credentials
