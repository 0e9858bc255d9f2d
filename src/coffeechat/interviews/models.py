from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from coffeechat.interviews.bank import THEMES


class Question(models.Model):
    """A question in the user's bank, first copied from coffeechat's, then theirs to change."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    theme = models.CharField(max_length=12, choices=THEMES.items())
    text = models.CharField(max_length=500)
    minutes = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    research_first = models.BooleanField(
        "Research first", default=False, help_text="The answer can usually be found before the meeting."
    )
    archived = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text
