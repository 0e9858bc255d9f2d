from django.urls import path

from coffeechat.exports import views

app_name = "exports"
urlpatterns = [
    path("export/", views.home, name="home"),
    path("export/people.vcf", views.people_vcard, name="people_vcard"),
    path("export/people.csv", views.people_csv, name="people_csv"),
    path("export/backup.json", views.backup, name="backup"),
    path("export/people/<id:person_id>.vcf", views.person_vcard, name="person_vcard"),
]
