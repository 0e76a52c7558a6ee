from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("suggest/", views.person_suggest, name="suggest"),
]
