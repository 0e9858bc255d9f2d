from django.urls import path

from coffeechat.conversations.views import board, keeping, meetings, messages, preparing

app_name = "conversations"
urlpatterns = [
    path("people/<int:person_id>/write/", messages.write, name="write"),
    path("people/<int:person_id>/introduce/", board.introduce, name="introduce"),
    path("explorations/<int:exploration_id>/board/", board.board, name="board"),
    path("explorations/<int:exploration_id>/list/<int:person_id>/", board.add, name="add"),
    path("pipeline/<int:entry_id>/stage/", board.stage, name="stage"),
    path("pipeline/<int:entry_id>/record/", board.record, name="record"),
    path("pipeline/<int:entry_id>/next/<int:person_id>/", board.list_next_person, name="next_person"),
    path("people/<int:person_id>/meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("meetings/<int:meeting_id>/", meetings.meeting, name="meeting"),
    path("meetings/<int:meeting_id>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:meeting_id>/cancel/", meetings.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:meeting_id>/delete/", meetings.meeting_delete, name="meeting_delete"),
    path("meetings/<int:meeting_id>.ics", meetings.meeting_download, name="meeting_ics"),
    path("calendar/<str:token>.ics", meetings.feed, name="feed"),
    path("account/calendar/", meetings.calendar_settings, name="calendar"),
    path("meetings/<int:meeting_id>/brief/", preparing.research, name="brief"),
    path("meetings/<int:meeting_id>/plan/", preparing.plan, name="plan"),
    path("meetings/<int:meeting_id>/prep/", preparing.prep, name="prep"),
    path("meetings/<int:meeting_id>/live/", preparing.live, name="live"),
    path("meetings/<int:meeting_id>/live/save/", preparing.save_note, name="save_note"),
    path("meetings/<int:meeting_id>/live/clock/", preparing.live_clock, name="live_clock"),
    path("meetings/<int:meeting_id>/reflection/", preparing.reflect, name="reflect"),
    path("meetings/<int:meeting_id>/referrals/", preparing.referrals, name="referrals"),
    path("people/<int:person_id>/give-back/", keeping.give_back, name="give_back"),
    path("give-backs/<int:give_back_id>/delete/", keeping.give_back_delete, name="give_back_delete"),
    path("people/<int:person_id>/keep-in-touch/", keeping.keep_in_touch, name="keep_in_touch"),
    path("today/decide/", keeping.today_decision, name="today_decision"),
]
