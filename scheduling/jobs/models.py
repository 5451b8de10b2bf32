"""The scheduler's heartbeat, read by /healthz."""

from django.db import models
from django.utils import timezone


class Heartbeat(models.Model):
    """When a recurring job last ran, so /healthz can tell a stopped scheduler."""

    name = models.CharField(max_length=60, unique=True)
    last_run = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_run:%Y-%m-%d %H:%M}"
