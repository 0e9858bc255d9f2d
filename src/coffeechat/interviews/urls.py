from django.urls import path

from coffeechat.core.reach import member, owner
from coffeechat.interviews import views

app_name = "interviews"
urlpatterns = [
    member(path("questions/", views.questions, name="questions")),
    owner(path("questions/<id:question_id>/edit/", views.question_edit, name="question_edit")),
    owner(path("questions/<id:question_id>/", views.question_action, name="question_action")),
]
