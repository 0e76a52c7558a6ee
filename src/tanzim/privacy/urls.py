from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("members/<id:pk>/consents/", views.consent_add, name="consent_add"),
    path("consents/<id:pk>/withdraw/", views.consent_withdraw_view, name="consent_withdraw"),
    path("members/<id:pk>/export.<str:fmt>", views.access_export, name="export"),
    path("members/<id:pk>/erase/", views.erase, name="erase"),
]
