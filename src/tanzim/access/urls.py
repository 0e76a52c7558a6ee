"""Mounted at accounts/ beside login and logout. Names are not namespaced: Django's password views expect
`password_change_done`, and the second-factor middleware exempts its pages by name."""

from django.urls import path

from . import accounts_views, views

urlpatterns = [
    path("me/", views.account, name="account"),
    path("people/", accounts_views.accounts_manage, name="accounts_manage"),
    path("people/<id:pk>/close/", accounts_views.account_close, name="account_close"),
    path("people/<id:pk>/link/", accounts_views.account_link, name="account_link"),
    path("activate/<str:uidb64>/<str:token>/", accounts_views.activate, name="account_activate"),
    path("two-factor/setup/", views.otp_setup, name="otp_setup"),
    path("two-factor/verify/", views.otp_verify_view, name="otp_verify"),
    path("two-factor/disable/", views.otp_disable_view, name="otp_disable"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
