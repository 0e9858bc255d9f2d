"""A member's notices, and the one-click unsubscribe from the community's mail."""

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


def _email_choice(membership: Membership) -> str:
    if membership.unsubscribed:
        return "No email: you read them here"
    return "One email a day with all of them" if membership.daily_digest else "An email for each notice"


@require_http_methods(["GET", "HEAD", "POST"])
def notices(request: HttpRequest) -> HttpResponse:
    """Newest first, the unread ones marked; POST marks one (`notice`) or all of them read."""
    membership = member_or_404(request.user)
    own = Notice.objects.filter(recipient_id=request.user.pk)
    if request.method == "POST":
        unread = own.filter(read__isnull=True)
        chosen = request.POST.get("notice", "all")
        if chosen != "all":
            unread = unread.filter(pk=int(chosen) if chosen.isdigit() else 0)
        unread.update(read=clock.now())
        return redirect("community:notices")
    page = Paginator(own.order_by("-created", "-pk"), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "unread": own.filter(read__isnull=True).count(),
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
