from django.urls import path

from coffeechat.core.reach import member, owner
from coffeechat.explore import views

app_name = "explore"
urlpatterns = [
    member(path("explorations/", views.explorations, name="explorations")),
    member(path("explorations/new/", views.exploration_form, name="exploration_add")),
    owner(path("explorations/<id:exploration_id>/", views.exploration, name="exploration")),
    owner(path("explorations/<id:exploration_id>/edit/", views.exploration_form, name="exploration_edit")),
    owner(
        path("explorations/<id:exploration_id>/delete/", views.exploration_delete, name="exploration_delete")
    ),
    owner(path("explorations/<id:exploration_id>/organizations/", views.organizations, name="organizations")),
    owner(path("explorations/<id:exploration_id>/hide/<id:person_id>/", views.hide, name="hide")),
    owner(path("explorations/<id:exploration_id>/unhide/<id:person_id>/", views.unhide, name="unhide")),
    owner(path("people/<id:person_id>/paths/", views.person_paths, name="person_paths")),
]
