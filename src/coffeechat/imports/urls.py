from django.urls import path

from coffeechat.imports import views

app_name = "imports"
urlpatterns = [
    path("imports/", views.home, name="home"),
    path("imports/pending/<int:pending_id>/", views.pending, name="pending"),
    path("imports/<int:run_id>/", views.run, name="run"),
    path("imports/<int:run_id>/undo/", views.undo, name="undo"),
    path("imports/reviews/<int:review_id>/", views.review, name="review"),
]
