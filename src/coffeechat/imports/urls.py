from django.urls import path

from coffeechat.core.reach import member, owner
from coffeechat.imports import views

app_name = "imports"
urlpatterns = [
    member(path("imports/", views.home, name="home")),
    owner(path("imports/pending/<id:pending_id>/", views.pending, name="pending")),
    owner(path("imports/<id:run_id>/", views.run, name="run")),
    owner(path("imports/<id:run_id>/undo/", views.undo, name="undo")),
    owner(path("imports/reviews/<id:review_id>/", views.review, name="review")),
]
