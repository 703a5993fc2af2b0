"""Capital's demo data: readiness, then dossiers, then campaigns (each area's own seeder; one
missing during development is skipped)."""

from importlib import import_module
from typing import Any

AREAS = ("readiness", "dossier", "campaigns")


def seed(*, rng: Any, stdout: Any) -> list[tuple[str, str, str]]:
    credentials: list[tuple[str, str, str]] = []
    for area in AREAS:
        try:
            module = import_module(f"karsaz.capital.demo_{area}")
        except ModuleNotFoundError as exc:
            if exc.name != f"karsaz.capital.demo_{area}":
                raise
            continue
        credentials.extend(module.seed(rng=rng, stdout=stdout))
    return credentials
