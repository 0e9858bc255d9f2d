from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coffeechat.community.access import member_or_404, own_volunteering, the_community


def home(request: HttpRequest) -> HttpResponse:
    """The community's front page for a member: find a volunteer, your requests, volunteering."""
    membership = member_or_404(request.user)
    context = {
        "community": the_community(),
        "membership": membership,
        "volunteering": own_volunteering(request.user),
    }
    return render(request, "community/home.html", context)
