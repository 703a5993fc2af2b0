"""Reference data shipped with the code: provinces, cities, industrial parks and ISIC Rev.4.

Loading is an idempotent upsert by natural key, so production runs it after every deploy.
"""

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from karsaz.core.persian import normalize
from karsaz.registry.models import City, IndustrialPark, IsicActivity, Province

DATA_DIR = Path(__file__).resolve().parent / "data"


def _load(name: str) -> Any:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


@transaction.atomic
def load_reference_data() -> dict[str, int]:
    provinces: dict[str, Province] = {}
    for row in _load("provinces.json"):
        province, _ = Province.objects.update_or_create(
            code=row["code"],
            defaults={
                "slug": row["slug"],
                "name_fa": normalize(row["name_fa"]),
                "name_en": row["name_en"],
            },
        )
        provinces[province.code] = province
        for index, city in enumerate(row.get("cities", [])):
            City.objects.update_or_create(
                province=province,
                name_fa=normalize(city["name_fa"]),
                defaults={"name_en": city["name_en"], "is_capital": index == 0},
            )
    for row in _load("industrial_parks.json"):
        IndustrialPark.objects.update_or_create(
            province=provinces[row["province"]],
            name_fa=normalize(row["name_fa"]),
            defaults={
                "name_en": row["name_en"],
                "kind": row["kind"],
                "city_en": row.get("city_en", ""),
            },
        )
    by_code: dict[str, IsicActivity] = {}
    # Parents come before children in the file's level order: sections, divisions, classes.
    rows = sorted(
        _load("isic.json"), key=lambda r: ("section", "division", "class").index(r["level"])
    )
    for row in rows:
        activity, _ = IsicActivity.objects.update_or_create(
            code=row["code"],
            defaults={
                "level": row["level"],
                "parent": by_code.get(row["parent"]) if row.get("parent") else None,
                "title_fa": normalize(row["title_fa"]),
                "title_en": row["title_en"],
            },
        )
        by_code[activity.code] = activity
    return {
        "provinces": Province.objects.count(),
        "cities": City.objects.count(),
        "parks": IndustrialPark.objects.count(),
        "isic": IsicActivity.objects.count(),
    }
