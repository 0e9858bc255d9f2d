from django.urls import path

from coffeechat.explore import views

app_name = "explore"
urlpatterns = [
    path("explorations/", views.explorations, name="explorations"),
    path("explorations/new/", views.exploration_form, name="exploration_add"),
    path("explorations/<int:exploration_id>/", views.exploration, name="exploration"),
    path("explorations/<int:exploration_id>/edit/", views.exploration_form, name="exploration_edit"),
    path("explorations/<int:exploration_id>/delete/", views.exploration_delete, name="exploration_delete"),
    path("explorations/<int:exploration_id>/organizations/", views.organizations, name="organizations"),
    path("explorations/<int:exploration_id>/hide/<int:person_id>/", views.hide, name="hide"),
    path("explorations/<int:exploration_id>/unhide/<int:person_id>/", views.unhide, name="unhide"),
]
