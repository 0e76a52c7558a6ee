from django.urls import path

from . import privacy_views as views

app_name = "privacy"
urlpatterns = [
    path("members/<int:pk>/consents/", views.consent_add, name="consent_add"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw_view, name="consent_withdraw"),
    path("members/<int:pk>/export.<str:fmt>", views.access_export, name="export"),
    path("members/<int:pk>/erase/", views.erase, name="erase"),
]
