from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coffeechat.conversations.today import counted, describe, due_items
from coffeechat.mail.answers import waiting_for
from coffeechat.network.access import network_summary

SHOWN_ON_HOME = 20  # the most urgent; the rest are counted and a click away
PER_PAGE = 50


def home(request: HttpRequest) -> HttpResponse:
    due = due_items(request.user)
    rest = due[SHOWN_ON_HOME:]
    context = {
        **network_summary(request.user),
        "today": describe(due[:SHOWN_ON_HOME]),
        "more": len(rest),
        "more_kinds": counted(rest),
        "mail_waiting": waiting_for(request.user),  # from the mailbox sync: the Mail page asks
    }
    return render(request, "home/home.html", context)


def everything_due(request: HttpRequest) -> HttpResponse:
    """Everything due and overdue, most urgent first, a page at a time."""
    due = due_items(request.user)
    page = Paginator(due, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "today": describe(list(page.object_list)), "total": len(due)}
    return render(request, "home/due.html", {**context, "kinds": counted(due)})
