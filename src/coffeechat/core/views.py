from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coffeechat.network.access import network_summary
from coffeechat.outreach.today import today_items


def home(request: HttpRequest) -> HttpResponse:
    context = {**network_summary(request.user), "today": today_items(request.user)}
    return render(request, "core/home.html", context)
