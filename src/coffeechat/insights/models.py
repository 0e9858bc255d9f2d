from django.conf import settings
from django.db import models


class ItemCuration(models.Model):
    """The user's word on one recurring item: confirmed, renamed, or merged into another."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16)
    key = models.CharField(max_length=200)
    label = models.CharField(max_length=200, blank=True)
    confirmed = models.BooleanField(default=False)
    merged_into = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "kind", "key"], name="curation_unique")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.label or self.key}"
