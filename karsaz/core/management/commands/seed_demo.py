from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from karsaz.core.management_seed import run_demo_seeders


class Command(BaseCommand):
    help = "Builds the deterministic Persian demo dataset (safe to run again) and prints sign-ins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=None, help="overrides KARSAZ_DEMO_SEED")

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            credentials = run_demo_seeders(stdout=self.stdout, seed=options["seed"])
        self.stdout.write(self.style.SUCCESS("\nDemo sign-ins (username / password / role):"))
        for username, password, description in credentials:
            self.stdout.write(f"  {username:<12} {password:<18} {description}")
