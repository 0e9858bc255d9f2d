from django.urls import path

from coffeechat.interviews import views

app_name = "interviews"
urlpatterns = [
    path("questions/", views.questions, name="questions"),
    path("questions/<id:question_id>/edit/", views.question_edit, name="question_edit"),
    path("questions/<id:question_id>/", views.question_action, name="question_action"),
]
