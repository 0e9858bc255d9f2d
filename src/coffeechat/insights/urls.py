from django.urls import path

from coffeechat.insights import views

app_name = "insights"
urlpatterns = [
    path("insights/", views.overview, name="overview"),
    path("insights/explorations/<id:exploration_id>/", views.exploration, name="exploration"),
    path("insights/items/", views.curate, name="curate"),
    path("insights/report/", views.report, name="report"),
]
