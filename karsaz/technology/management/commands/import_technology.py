from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from karsaz.accounts.models import User
from karsaz.core.tables import ImportFileError
from karsaz.technology import importing


class Command(BaseCommand):
    help = (
        "Imports technology needs and capabilities from a .csv, .xlsx or .jsonl file. "
        "Dry run unless --commit; with --commit, all rows or none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="the staff user the import acts as")
        parser.add_argument("--commit", action="store_true", help="write (default: dry run)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            user = User.objects.get(username=options["user"])
        except User.DoesNotExist as exc:
            raise CommandError(f"No user {options['user']!r}.") from exc
        try:
            rows = importing.read_rows(path.read_bytes(), path.name)
        except (OSError, ImportFileError) as exc:
            raise CommandError(str(exc)) from exc
        report = importing.import_records(user=user, rows=rows, dry_run=not options["commit"])
        for error in report.errors:
            self.stderr.write(f"line {error.line}: {error.label or error.field}: {error.message}")
        if report.errors:
            raise CommandError(
                f"{len(report.errors)} error(s) in {report.rows} rows; nothing written."
            )
        verb = "imported" if report.committed else "would import (dry run)"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb}: {report.created} new, {report.updated} updated of {report.rows} rows"
            )
        )
