from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coffeechat.conversations.today import today_items
from coffeechat.network.access import network_summary


def home(request: HttpRequest) -> HttpResponse:
    context = {**network_summary(request.user), "today": today_items(request.user)}
    return render(request, "home/home.html", context)
