import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from coffeechat.accounts.signin import redeem_signin_token, signin_token_user
from coffeechat.accounts.throttle import clear_failures


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signin(request: HttpRequest, token: str) -> HttpResponse:
    # Only the button's POST uses the link up: a chat app's link preview or a mail scanner
    # fetching it (GET, HEAD) must not spend the owner's one way in.
    if request.method != "POST":
        account = signin_token_user(token)
        if account is None:
            return render(request, "accounts/signin_failed.html", status=410)
        return render(request, "accounts/signin.html", {"account": account})
    user = redeem_signin_token(token)
    if user is None:
        return render(request, "accounts/signin_failed.html", status=410)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    clear_failures(user.username)
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


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """The sign-in page again, saying when passwords are taken again (django-axes calls this).

    Every failure during a lockout starts the wait again, so it is always the whole cool-off.
    """
    shown = getattr(original_response, "context_data", None) or {}
    context = {
        "form": AuthenticationForm(request, initial={"username": request.POST.get("username", "")}),
        "next": shown.get("next", ""),
        "wait_minutes": math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60),
    }
    return render(request, "accounts/login.html", context, status=429)
