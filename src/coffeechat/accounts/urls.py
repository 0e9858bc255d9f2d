from django.contrib.auth import views as auth_views
from django.urls import path

from coffeechat.accounts import leaving, views
from coffeechat.core.reach import member, public, token

app_name = "accounts"
urlpatterns = [
    public(path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login")),
    member(path("logout/", auth_views.LogoutView.as_view(), name="logout")),
    token(path("signin/<str:token>/", views.signin, name="signin")),
    member(path("account/", views.account, name="account")),
    member(path("account/delete/", leaving.delete_own_account, name="delete_account")),
]
