from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coffeechat.network.access import network_summary


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", network_summary(request.user))
