from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from karsaz.technology import indexing
from karsaz.technology.choices import RecordKind


class Command(BaseCommand):
    help = "Rebuilds the matcher's indexes from the database and saves them under var/."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--encode", action="store_true", help="first encode missing vectors")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["encode"]:
            from karsaz.technology.tasks import encode_missing

            done = encode_missing.call()
            self.stdout.write(f"encoded {done} record(s)")
        for kind in RecordKind.values:
            index = indexing.rebuild(kind)
            self.stdout.write(f"{kind}: {index.stats()}")
        self.stdout.write(self.style.SUCCESS(f"saved under {indexing.index_dir()}"))
