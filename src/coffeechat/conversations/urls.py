from django.urls import path

from coffeechat.conversations.views import board, invitations, keeping, meetings, messages, preparing
from coffeechat.core.reach import member, owner, token

app_name = "conversations"
urlpatterns = [
    owner(path("people/<id:person_id>/write/", messages.write, name="write")),
    owner(path("people/<id:person_id>/introduce/", board.introduce, name="introduce")),
    owner(path("explorations/<id:exploration_id>/board/", board.board, name="board")),
    owner(path("explorations/<id:exploration_id>/list/<id:person_id>/", board.add, name="add")),
    owner(path("pipeline/<id:entry_id>/stage/", board.stage, name="stage")),
    owner(path("pipeline/<id:entry_id>/record/", board.record, name="record")),
    owner(path("pipeline/<id:entry_id>/next/<id:person_id>/", board.list_next_person, name="next_person")),
    owner(path("people/<id:person_id>/meetings/new/", meetings.meeting_new, name="meeting_new")),
    member(path("meetings/invitation/", invitations.invitation, name="invitation")),
    owner(path("people/<id:person_id>/invitation/", invitations.person_invitation, name="person_invitation")),
    owner(path("meetings/<id:meeting_id>/", meetings.meeting, name="meeting")),
    owner(path("meetings/<id:meeting_id>/edit/", meetings.meeting_edit, name="meeting_edit")),
    owner(path("meetings/<id:meeting_id>/cancel/", meetings.meeting_cancel, name="meeting_cancel")),
    owner(path("meetings/<id:meeting_id>/delete/", meetings.meeting_delete, name="meeting_delete")),
    owner(path("meetings/<id:meeting_id>.ics", meetings.meeting_download, name="meeting_ics")),
    token(path("calendar/<str:token>.ics", meetings.feed, name="feed")),
    member(path("account/calendar/", meetings.calendar_settings, name="calendar")),
    owner(path("meetings/<id:meeting_id>/brief/", preparing.research, name="brief")),
    owner(path("meetings/<id:meeting_id>/plan/", preparing.plan, name="plan")),
    owner(path("meetings/<id:meeting_id>/prep/", preparing.prep, name="prep")),
    owner(path("meetings/<id:meeting_id>/live/", preparing.live, name="live")),
    owner(path("meetings/<id:meeting_id>/live/save/", preparing.save_note, name="save_note")),
    owner(path("meetings/<id:meeting_id>/live/clock/", preparing.live_clock, name="live_clock")),
    owner(path("meetings/<id:meeting_id>/reflection/", preparing.reflect, name="reflect")),
    owner(path("meetings/<id:meeting_id>/referrals/", preparing.referrals, name="referrals")),
    owner(path("people/<id:person_id>/give-back/", keeping.give_back, name="give_back")),
    owner(path("give-backs/<id:give_back_id>/delete/", keeping.give_back_delete, name="give_back_delete")),
    owner(path("people/<id:person_id>/keep-in-touch/", keeping.keep_in_touch, name="keep_in_touch")),
    member(path("today/decide/", keeping.today_decision, name="today_decision")),
]
