"""`seed_demo` runs each module's declared seeder (`KarsazModule.demo`) in INSTALLED_APPS order."""

import random
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from karsaz.core.modules import registry


def demo_seeders() -> list[Any]:
    return [import_string(path) for path in registry["demo"].values()]


def run_demo_seeders(*, stdout: Any, seed: int | None = None) -> list[tuple[str, str, str]]:
    credentials: list[tuple[str, str, str]] = []
    for seeder in demo_seeders():
        # Each app gets its own generator, so adding one app never changes another's data.
        rng = random.Random(f"{seed or settings.KARSAZ_DEMO_SEED}:{seeder.__module__}")
        credentials.extend(seeder(rng=rng, stdout=stdout) or [])
    return credentials
