from django.urls import path

from coffeechat.outreach import views

app_name = "outreach"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("people/<int:person_id>/write/", views.write, name="write"),
    path("messages/templates/", views.templates, name="templates"),
    path("messages/templates/<str:kind>/", views.template_edit, name="template_edit"),
    path("explorations/<int:exploration_id>/board/", views.board, name="board"),
    path("pipeline/<int:entry_id>/stage/", views.stage, name="stage"),
    path("pipeline/<int:entry_id>/no-answer/", views.resolve_no_answer, name="no_answer"),
    path("pipeline/<int:entry_id>/next/<int:person_id>/", views.list_next_person, name="next_person"),
    path("people/<int:person_id>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:meeting_id>/", views.meeting, name="meeting"),
    path("meetings/<int:meeting_id>.ics", views.meeting_download, name="meeting_ics"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
    path("account/calendar/", views.calendar_settings, name="calendar"),
]
