from django.urls import path

from coffeechat.conversations.views import board, keeping, meetings, messages, preparing

app_name = "conversations"
urlpatterns = [
    path("people/<id:person_id>/write/", messages.write, name="write"),
    path("people/<id:person_id>/introduce/", board.introduce, name="introduce"),
    path("explorations/<id:exploration_id>/board/", board.board, name="board"),
    path("explorations/<id:exploration_id>/list/<id:person_id>/", board.add, name="add"),
    path("pipeline/<id:entry_id>/stage/", board.stage, name="stage"),
    path("pipeline/<id:entry_id>/record/", board.record, name="record"),
    path("pipeline/<id:entry_id>/next/<id:person_id>/", board.list_next_person, name="next_person"),
    path("people/<id:person_id>/meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("meetings/<id:meeting_id>/", meetings.meeting, name="meeting"),
    path("meetings/<id:meeting_id>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<id:meeting_id>/cancel/", meetings.meeting_cancel, name="meeting_cancel"),
    path("meetings/<id:meeting_id>/delete/", meetings.meeting_delete, name="meeting_delete"),
    path("meetings/<id:meeting_id>.ics", meetings.meeting_download, name="meeting_ics"),
    path("calendar/<str:token>.ics", meetings.feed, name="feed"),
    path("account/calendar/", meetings.calendar_settings, name="calendar"),
    path("meetings/<id:meeting_id>/brief/", preparing.research, name="brief"),
    path("meetings/<id:meeting_id>/plan/", preparing.plan, name="plan"),
    path("meetings/<id:meeting_id>/prep/", preparing.prep, name="prep"),
    path("meetings/<id:meeting_id>/live/", preparing.live, name="live"),
    path("meetings/<id:meeting_id>/live/save/", preparing.save_note, name="save_note"),
    path("meetings/<id:meeting_id>/live/clock/", preparing.live_clock, name="live_clock"),
    path("meetings/<id:meeting_id>/reflection/", preparing.reflect, name="reflect"),
    path("meetings/<id:meeting_id>/referrals/", preparing.referrals, name="referrals"),
    path("people/<id:person_id>/give-back/", keeping.give_back, name="give_back"),
    path("give-backs/<id:give_back_id>/delete/", keeping.give_back_delete, name="give_back_delete"),
    path("people/<id:person_id>/keep-in-touch/", keeping.keep_in_touch, name="keep_in_touch"),
    path("today/decide/", keeping.today_decision, name="today_decision"),
]
