from typing import Any

from django.core.management.base import BaseCommand

from karsaz.finance.services import finance_tick


class Command(BaseCommand):
    help = "Expire unanswered invoices, close auctions, flag defaults and accrue penalties."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(str(finance_tick()))
