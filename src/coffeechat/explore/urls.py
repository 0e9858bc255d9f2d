from django.urls import path

from coffeechat.explore import views

app_name = "explore"
urlpatterns = [
    path("explorations/", views.explorations, name="explorations"),
    path("explorations/new/", views.exploration_form, name="exploration_add"),
    path("explorations/<id:exploration_id>/", views.exploration, name="exploration"),
    path("explorations/<id:exploration_id>/edit/", views.exploration_form, name="exploration_edit"),
    path("explorations/<id:exploration_id>/delete/", views.exploration_delete, name="exploration_delete"),
    path("explorations/<id:exploration_id>/organizations/", views.organizations, name="organizations"),
    path("explorations/<id:exploration_id>/hide/<id:person_id>/", views.hide, name="hide"),
    path("explorations/<id:exploration_id>/unhide/<id:person_id>/", views.unhide, name="unhide"),
]
