"""Community mode's pages (all 404 unless COFFEECHAT_COMMUNITY is on and the user is a member;
staff pages for staff). Each area keeps its patterns together below."""

from django.urls import path

from coffeechat.community.views import directory as directory_views
from coffeechat.community.views import home
from coffeechat.community.views import joining as joining_views
from coffeechat.community.views import notices as notice_views
from coffeechat.community.views import requests as request_views
from coffeechat.community.views import settings as settings_views
from coffeechat.community.views import staff as staff_views
from coffeechat.core.reach import member, owner, public
from coffeechat.core.reach import token as secret_link

app_name = "community"
urlpatterns = [
    member(path("community/", home.home, name="home")),
    # joining and membership (views/joining.py)
    public(path("join/", joining_views.join, name="join")),
    secret_link(path("join/<str:token>/", joining_views.join_invitation, name="join_invitation")),
    member(path("community/me/", joining_views.membership, name="membership")),
    member(path("community/members/", joining_views.members, name="members")),
    member(path("community/invitations/", joining_views.invitations, name="invitations")),
    member(path("community/settings/", settings_views.community_settings, name="settings")),
    # volunteering and the directory (views/directory.py)
    member(path("community/volunteer/", directory_views.volunteer, name="volunteer")),
    member(path("community/volunteer/listing/", directory_views.volunteer_listing, name="volunteer_listing")),
    member(path("community/directory/", directory_views.directory_page, name="directory")),
    # Names a record, so owner() (core/isolation's rule); its door is listed_volunteer_or_404: a
    # listed volunteer's page is open to every member of the community, 404 to anyone outside it.
    owner(
        path(
            "community/volunteers/<id:volunteer_id>/",
            directory_views.volunteer_profile,
            name="volunteer_profile",
        )
    ),
    # requests (views/requests.py)
    owner(path("community/volunteers/<id:volunteer_id>/ask/", request_views.ask, name="ask")),
    member(path("community/requests/", request_views.request_list, name="requests")),
    owner(path("community/requests/<id:request_id>/", request_views.request_page, name="request")),
    owner(path("community/requests/<id:request_id>/accept/", request_views.accept, name="request_accept")),
    owner(path("community/requests/<id:request_id>/decline/", request_views.decline, name="request_decline")),
    owner(
        path("community/requests/<id:request_id>/withdraw/", request_views.withdraw, name="request_withdraw")
    ),
    owner(
        path("community/requests/<id:request_id>/meeting.ics", request_views.meeting_file, name="request_ics")
    ),
    # notices and mail (views/notices.py)
    member(path("community/notices/", notice_views.notices, name="notices")),
    secret_link(
        path("community/unsubscribe/<str:unsubscribe_token>/", notice_views.unsubscribe, name="unsubscribe")
    ),
    # staff (views/staff.py)
    member(path("community/staff/", staff_views.dashboard, name="staff")),
    member(path("community/staff/export.csv", staff_views.export_csv, name="staff_export")),
    member(path("community/staff/alumni/", staff_views.alumni_page, name="staff_alumni")),
    member(path("community/staff/alumni/preview/", staff_views.alumni_preview, name="staff_alumni_preview")),
    member(path("community/staff/alumni/invite/", staff_views.alumni_invite, name="staff_alumni_invite")),
    secret_link(
        path(
            "community/alumni/<str:invitation_token>/decline/",
            staff_views.alumni_decline,
            name="alumni_decline",
        )
    ),
]
