from django.contrib.auth.models import User
from django.core.management.base import CommandError

from coffeechat.accounts.signin import ensure_owner


def account_for_command(username: str | None) -> User:
    """The account a command acts for: the one named, or the only one there is."""
    if username is not None:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"--user: there is no account named {username!r}")
        return user
    accounts = list(User.objects.filter(is_active=True).order_by("id")[:6])
    if not accounts:
        # A fresh install used from the command line first: make the owner, as serve would.
        accounts = [ensure_owner()[0]]
    if len(accounts) > 1:
        names = ", ".join(u.username for u in accounts[:5])
        raise CommandError(f"there are several accounts; choose one with --user NAME ({names}, …)")
    return accounts[0]
