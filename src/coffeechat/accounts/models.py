from django.conf import settings
from django.db import models


class SignInLink(models.Model):
    """A one-time sign-in link, as printed by `coffeechat serve` and `coffeechat signin`.

    Only a hash of the token is kept, so a copy of the database cannot be used to sign in.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField()
    used = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"sign-in link for {self.user} until {self.expires:%Y-%m-%d %H:%M}"
