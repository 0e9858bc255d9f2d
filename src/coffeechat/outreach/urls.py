from django.urls import path

from coffeechat.core.reach import member
from coffeechat.outreach import views

app_name = "outreach"
urlpatterns = [
    member(path("profile/", views.profile, name="profile")),
    member(path("messages/templates/", views.templates, name="templates")),
    member(path("messages/templates/<str:kind>/", views.template_edit, name="template_edit")),
]
