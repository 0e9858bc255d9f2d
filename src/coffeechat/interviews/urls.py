from django.urls import path

from coffeechat.interviews import views

app_name = "interviews"
urlpatterns = [
    path("questions/", views.questions, name="questions"),
    path("questions/<int:question_id>/edit/", views.question_edit, name="question_edit"),
    path("questions/<int:question_id>/", views.question_action, name="question_action"),
    path("meetings/<int:meeting_id>/brief/", views.research, name="brief"),
    path("meetings/<int:meeting_id>/plan/", views.plan, name="plan"),
    path("meetings/<int:meeting_id>/prep/", views.prep, name="prep"),
    path("meetings/<int:meeting_id>/live/", views.live, name="live"),
    path("meetings/<int:meeting_id>/live/save/", views.save_note, name="save_note"),
    path("meetings/<int:meeting_id>/reflection/", views.reflect, name="reflect"),
    path("meetings/<int:meeting_id>/referrals/", views.referrals, name="referrals"),
]
