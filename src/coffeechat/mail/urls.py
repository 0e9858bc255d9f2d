from django.urls import path

from coffeechat.core.reach import member, owner
from coffeechat.mail import sync_views, views

app_name = "mail"
urlpatterns = [
    member(path("mail/", views.mailbox, name="mailbox")),
    member(path("mail/sync/", sync_views.sync_now, name="sync")),
    owner(path("mail/replies/<id:mail_question_id>/", sync_views.answer_question, name="answer")),
    owner(path("mail/addresses/<id:address_offer_id>/", sync_views.settle_address, name="address")),
]
