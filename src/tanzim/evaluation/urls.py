from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("", views.index, name="index"),
    path("coverage/", views.coverage_page, name="coverage"),
    path("map/", views.map_page, name="map"),
    path("report/<str:code>/pdf/", views.report, name="report"),
]
