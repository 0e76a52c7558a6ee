from django.urls import path

from . import views

app_name = "ops"
urlpatterns = [
    path("ping/", views.ping, name="ping"),
]
