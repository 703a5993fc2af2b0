import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from karsaz.core import periodic

# Wake at least this often, so a job enqueued by another scheduler or a clock change is seen.
MAX_SLEEP = dt.timedelta(seconds=60)


class Command(BaseCommand):
    help = (
        "Enqueues the periodic jobs each module declares (KarsazModule.jobs) when they are due. "
        "Runs until stopped; with --once, enqueues what is due and exits (for cron, every minute)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Enqueue the due jobs once and exit."
        )

    def handle(self, *args: Any, once: bool = False, **options: Any) -> None:
        self.verbosity = options["verbosity"]
        jobs = periodic.discover_jobs()  # a bad declaration stops here, before any enqueue
        if once:
            self._report(periodic.run_due(jobs))
            return
        self.stdout.write(
            "Periodic scheduler: " + ", ".join(f"{job.name} every {job.interval}" for job in jobs)
        )
        try:
            while True:
                self._tick(jobs)
        except KeyboardInterrupt:
            pass

    def _tick(self, jobs: list[periodic.Job]) -> None:
        close_old_connections()  # a long-lived process must survive a dropped connection
        try:
            self._report(periodic.run_due(jobs))
            wake = periodic.next_due(jobs)
        except Exception:
            periodic.logger.exception("Periodic scheduler tick failed; retrying shortly")
            wake = timezone.now() + MAX_SLEEP
        delay = (wake - timezone.now()).total_seconds()
        time.sleep(min(max(delay, 1.0), MAX_SLEEP.total_seconds()))

    def _report(self, enqueued: list[str]) -> None:
        if enqueued and self.verbosity >= 2:
            self.stdout.write("Enqueued: " + ", ".join(enqueued))
