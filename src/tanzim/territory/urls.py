from django.urls import path

from . import views

app_name = "territory"
urlpatterns = [
    path("", views.territory_index, name="index"),
    path("suggest/", views.place_suggest, name="suggest"),
    path("<str:code>/", views.territory_detail, name="detail"),
]
