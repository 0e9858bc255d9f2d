"""A member's notices, how they want them by email, and the one-click unsubscribe from the mail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from coffeechat.community.access import community_on, member_or_404, the_community
from coffeechat.community.mailing import mail_on
from coffeechat.community.models import Membership, Notice
from coffeechat.core import clock

# How a member hears from the community by email: the choice on the notices page.
EMAIL_CHOICES = {
    "each": "An email for each notice",
    "digest": "One email a day with all of them",
    "none": "No email: I read them here",
}


def _email_choice(membership: Membership) -> str:
    if membership.unsubscribed:
        return "none"
    return "digest" if membership.daily_digest else "each"


@require_http_methods(["GET", "HEAD", "POST"])
def notices(request: HttpRequest) -> HttpResponse:
    """Newest first, the unread ones marked; POST marks one (`notice`) or all of them read, or
    sets how they come by email (`email`)."""
    membership = member_or_404(request.user)
    own = Notice.objects.filter(recipient_id=request.user.pk)
    if request.method == "POST":
        if "email" in request.POST:
            choice = request.POST["email"]
            if choice not in EMAIL_CHOICES:
                messages.error(request, "Choose how you want your notices by email.")
                return redirect("community:notices")
            membership.unsubscribed = choice == "none"
            membership.daily_digest = choice == "digest"
            membership.save(update_fields=["unsubscribed", "daily_digest"])
            messages.success(request, f"Saved: {EMAIL_CHOICES[choice].lower()}.")
            return redirect("community:notices")
        unread = own.filter(read__isnull=True)
        if request.POST.get("notice", "all") != "all":
            unread = unread.filter(pk=request.POST.get("notice") if request.POST["notice"].isdigit() else 0)
        unread.update(read=clock.now())
        return redirect("community:notices")
    page = Paginator(own.order_by("-created", "-pk"), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "unread": own.filter(read__isnull=True).count(),
        "email_choices": EMAIL_CHOICES,
        "email_choice": _email_choice(membership),
        "mail_on": mail_on(),
        "community": the_community(),
    }
    return render(request, "community/notices.html", context)


@login_not_required
@csrf_exempt  # RFC 8058: the mail program's one-click POST carries no CSRF token and no session
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, unsubscribe_token: str) -> HttpResponse:
    """From the link in every community email: a GET shows a button (a link preview or a mail
    scanner unsubscribes nobody), a POST, from that button or the mail program, unsubscribes."""
    if not community_on():
        raise Http404("not a community server")
    found = Membership.objects.filter(unsubscribe_token=unsubscribe_token).first()
    if found is None:
        raise Http404("no such link")
    if request.method == "POST" and not found.unsubscribed:
        Membership.objects.filter(pk=found.pk).update(unsubscribed=True)
        found.unsubscribed = True
    context = {"community": the_community(), "membership": found, "done": request.method == "POST"}
    return render(request, "community/unsubscribe.html", context)
