from typing import Any

from django.core.management.base import BaseCommand, CommandError

from karsaz.finance.verify import verify_ledger


class Command(BaseCommand):
    help = "Check every invariant of the finance ledger; exit non-zero on any breach."

    def handle(self, *args: Any, **options: Any) -> None:
        breaches = verify_ledger()
        for line in breaches:
            self.stderr.write(line)
        if breaches:
            raise CommandError(f"{len(breaches)} ledger breach(es)")
        self.stdout.write("ledger ok")
