from django.urls import path

from coffeechat.core.reach import member, owner
from coffeechat.network import views

app_name = "network"
urlpatterns = [
    member(path("people/", views.people, name="people")),
    member(path("people/new/", views.person_form, name="person_add")),
    owner(path("people/<id:person_id>/", views.person, name="person")),
    owner(path("people/<id:person_id>/edit/", views.person_form, name="person_edit")),
    owner(path("people/<id:person_id>/delete/", views.person_delete, name="person_delete")),
    owner(path("people/<id:person_id>/tie/", views.direct_tie, name="direct_tie")),
    owner(path("people/<id:person_id>/merge/", views.person_merge, name="person_merge")),
    owner(path("people/<id:person_id>/ties/", views.tie_add, name="tie_add")),
    owner(path("people/<id:person_id>/ties/candidates/", views.tie_candidates, name="tie_candidates")),
    owner(path("people/<id:person_id>/ties/<id:tie_id>/edit/", views.tie_edit, name="tie_edit")),
    owner(path("people/<id:person_id>/ties/<id:tie_id>/delete/", views.tie_delete, name="tie_delete")),
    member(path("organizations/", views.organizations, name="organizations")),
    member(path("organizations/new/", views.organization_form, name="organization_add")),
    owner(path("organizations/<id:organization_id>/", views.organization, name="organization")),
    owner(
        path(
            "organizations/<id:organization_id>/edit/",
            views.organization_form,
            name="organization_edit",
        )
    ),
    owner(
        path(
            "organizations/<id:organization_id>/delete/",
            views.organization_delete,
            name="organization_delete",
        )
    ),
    member(path("search/", views.search, name="search")),
]
