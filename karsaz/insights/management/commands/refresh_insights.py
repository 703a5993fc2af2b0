"""Recompute the stored aggregates now, as the hourly (changed months) or nightly (--full) job."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from karsaz.insights import catalog
from karsaz.insights.services import refresh


class Command(BaseCommand):
    help = "Recompute insights' aggregate cells (changed months, or everything with --full)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="recompute every month")
        parser.add_argument("facts", nargs="*", help="fact codes (default: every fact)")

    def handle(self, *args: Any, **options: Any) -> None:
        unknown = sorted(set(options["facts"]) - set(catalog.facts()))
        if unknown:
            raise CommandError(f"Unknown fact(s): {', '.join(unknown)}")
        written = refresh(full=options["full"], codes=options["facts"] or None)
        for code, cells in written.items():
            self.stdout.write(f"{code}: {cells} cells")
