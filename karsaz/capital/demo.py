"""The capital programme's demo data: each area's seeder in order (readiness, dossier,
campaigns); an area not yet present is skipped."""

import importlib
from typing import Any

AREAS = ("readiness", "dossier", "campaigns")


def seed(*, rng: Any, stdout: Any) -> list[tuple[str, str, str]]:
    credentials: list[tuple[str, str, str]] = []
    for area in AREAS:
        try:
            module = importlib.import_module(f"karsaz.capital.demo_{area}")
        except ModuleNotFoundError as exc:
            if exc.name != f"karsaz.capital.demo_{area}":
                raise
            continue
        credentials += module.seed(rng=rng, stdout=stdout)
    return credentials
