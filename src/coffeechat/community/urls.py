"""Community mode's pages (all 404 unless COFFEECHAT_COMMUNITY is on and the user is a member;
staff pages for staff). Each area keeps its patterns together below."""

from django.urls import path

from coffeechat.community.views import home
from coffeechat.core.reach import member

app_name = "community"
urlpatterns = [
    member(path("community/", home.home, name="home")),
    # joining and membership (views/joining.py)
    # volunteering and the directory (views/directory.py)
    # requests (views/requests.py)
    # notices and mail (views/notices.py)
    # staff (views/staff.py)
]
