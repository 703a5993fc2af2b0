from typing import Any

from django.core.management.base import BaseCommand

from karsaz.clinics.services import followups_flag_overdue


class Command(BaseCommand):
    help = "Flags impact follow-ups past their due date (run daily, e.g. from cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        flagged = followups_flag_overdue()
        self.stdout.write(f"Flagged {flagged} overdue follow-ups.")
