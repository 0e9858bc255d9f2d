from django.urls import path

from coffeechat.core.reach import member
from coffeechat.home import views

app_name = "home"
urlpatterns = [
    member(path("", views.home, name="home")),
    member(path("today/", views.everything_due, name="due")),
]
