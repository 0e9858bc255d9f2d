from django.urls import include, path

urlpatterns = [
    path("", include("coffeechat.home.urls")),
    path("", include("coffeechat.accounts.urls")),
    path("", include("coffeechat.network.urls")),
    path("", include("coffeechat.imports.urls")),
    path("", include("coffeechat.exports.urls")),
    path("", include("coffeechat.explore.urls")),
    path("", include("coffeechat.outreach.urls")),
    path("", include("coffeechat.interviews.urls")),
    path("", include("coffeechat.conversations.urls")),
    path("", include("coffeechat.insights.urls")),
    path("", include("coffeechat.community.urls")),
    path("", include("coffeechat.mail.urls")),
]

handler500 = "coffeechat.core.errors.server_error"
