from django.urls import path

from coffeechat.imports import views

app_name = "imports"
urlpatterns = [
    path("imports/", views.home, name="home"),
    path("imports/pending/<id:pending_id>/", views.pending, name="pending"),
    path("imports/<id:run_id>/", views.run, name="run"),
    path("imports/<id:run_id>/undo/", views.undo, name="undo"),
    path("imports/reviews/<id:review_id>/", views.review, name="review"),
]
