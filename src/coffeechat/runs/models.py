from django.db import models


class PeriodicRun(models.Model):
    """A job's run for one period, claimed before the work: the unique constraint lets one worker
    process (of any server on this database) in, and the others skip that period."""

    job = models.CharField(max_length=50)
    period = models.CharField(max_length=40)  # the period's start, "2026-11-29T14:00"
    claimed_by = models.CharField(max_length=100)
    started = models.DateTimeField()
    finished = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "period"], name="one_periodic_run")]

    def __str__(self) -> str:
        return f"{self.job} {self.period}"
