"""The page to delete one's own account: what goes, a backup first, the name typed to confirm.

It acts on the signed-in account only (the address names no account), so no one can delete
another's. Kept apart from views.py, which is about signing in.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import logout
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from coffeechat.accounts.deleting import delete_account, what_goes


class ConfirmDeletionForm(forms.Form):
    name = forms.CharField(max_length=150, strip=True)

    def __init__(self, account: AbstractBaseUser, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.account_name = account.get_username()
        self.fields["name"].label = f"Type the account name, {self.account_name}, to delete it"
        self.fields["name"].widget.attrs.update({"autocomplete": "off", "autocapitalize": "none"})

    def clean_name(self) -> str:
        typed: str = self.cleaned_data["name"]
        if typed != self.account_name:
            raise forms.ValidationError(
                f"That is not this account's name ({self.account_name}); nothing was deleted."
            )
        return typed


@require_http_methods(["GET", "HEAD", "POST"])
def delete_own_account(request: HttpRequest) -> HttpResponse:
    account = request.user
    form = ConfirmDeletionForm(account, request.POST or None)
    if request.method == "POST" and form.is_valid():
        name = account.get_username()
        gone = delete_account(account)
        logout(request)
        return render(request, "accounts/deleted.html", {"name": name, "gone": gone})
    return render(request, "accounts/delete.html", {"form": form, "what_goes": what_goes(account)})
