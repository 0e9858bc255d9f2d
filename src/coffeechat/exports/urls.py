from django.urls import path

from coffeechat.core.reach import member, owner
from coffeechat.exports import views

app_name = "exports"
urlpatterns = [
    member(path("export/", views.home, name="home")),
    member(path("export/people.vcf", views.people_vcard, name="people_vcard")),
    member(path("export/people.csv", views.people_csv, name="people_csv")),
    member(path("export/backup.json", views.backup, name="backup")),
    owner(path("export/people/<id:person_id>.vcf", views.person_vcard, name="person_vcard")),
]
