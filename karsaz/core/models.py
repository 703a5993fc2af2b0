"""Core tables shared by every module."""

from django.db import models


class PeriodicRun(models.Model):
    """When a periodic job was last enqueued: the one record every scheduler claims runs against."""

    name = models.CharField(max_length=200, unique=True)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)
    last_result_id = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return self.name
