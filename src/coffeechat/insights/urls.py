from django.urls import path

from coffeechat.core.reach import member, owner
from coffeechat.insights import views

app_name = "insights"
urlpatterns = [
    member(path("insights/", views.overview, name="overview")),
    owner(path("insights/explorations/<id:exploration_id>/", views.exploration, name="exploration")),
    member(path("insights/items/", views.curate, name="curate")),
    member(path("insights/report/", views.report, name="report")),
]
