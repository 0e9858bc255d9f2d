from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from coffeechat.accounts.signin import redeem_signin_token


@login_not_required
@never_cache
def signin(request: HttpRequest, token: str) -> HttpResponse:
    user = redeem_signin_token(token)
    if user is None:
        return render(request, "accounts/signin_failed.html", status=410)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if not user.has_usable_password():
        messages.info(request, "Welcome. Set a password on your account page to sign in without a link.")
    return redirect("home:home")


def account(request: HttpRequest) -> HttpResponse:
    form_class = PasswordChangeForm if request.user.has_usable_password() else SetPasswordForm
    form = form_class(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        messages.success(request, "Your password is saved.")
        return redirect("accounts:account")
    return render(request, "accounts/account.html", {"form": form})
