from django.urls import path

from coffeechat.network import views

app_name = "network"
urlpatterns = [
    path("people/", views.people, name="people"),
    path("people/new/", views.person_form, name="person_add"),
    path("people/<id:person_id>/", views.person, name="person"),
    path("people/<id:person_id>/edit/", views.person_form, name="person_edit"),
    path("people/<id:person_id>/delete/", views.person_delete, name="person_delete"),
    path("people/<id:person_id>/tie/", views.direct_tie, name="direct_tie"),
    path("people/<id:person_id>/merge/", views.person_merge, name="person_merge"),
    path("people/<id:person_id>/ties/", views.tie_add, name="tie_add"),
    path("people/<id:person_id>/ties/candidates/", views.tie_candidates, name="tie_candidates"),
    path("people/<id:person_id>/ties/<id:tie_id>/edit/", views.tie_edit, name="tie_edit"),
    path("people/<id:person_id>/ties/<id:tie_id>/delete/", views.tie_delete, name="tie_delete"),
    path("organizations/", views.organizations, name="organizations"),
    path("organizations/new/", views.organization_form, name="organization_add"),
    path("organizations/<id:organization_id>/", views.organization, name="organization"),
    path(
        "organizations/<id:organization_id>/edit/",
        views.organization_form,
        name="organization_edit",
    ),
    path(
        "organizations/<id:organization_id>/delete/",
        views.organization_delete,
        name="organization_delete",
    ),
    path("search/", views.search, name="search"),
]
