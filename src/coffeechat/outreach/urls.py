from django.urls import path

from coffeechat.outreach import views

app_name = "outreach"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("messages/templates/", views.templates, name="templates"),
    path("messages/templates/<str:kind>/", views.template_edit, name="template_edit"),
]
