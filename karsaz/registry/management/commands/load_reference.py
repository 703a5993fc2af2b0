from typing import Any

from django.core.management.base import BaseCommand

from karsaz.registry.reference import load_reference_data


class Command(BaseCommand):
    help = "Loads provinces, cities, industrial parks and ISIC Rev.4 (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = load_reference_data()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
