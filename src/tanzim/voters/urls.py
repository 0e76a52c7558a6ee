from django.urls import path

from . import views

app_name = "voters"
urlpatterns = [
    path("", views.index, name="index"),
    path("calls/", views.calls, name="calls"),
    path("calls/export.<str:fmt>", views.calls_export, name="export"),
    path("member/<id:pk>/record/", views.member_record, name="record"),
    path("member/<id:pk>/quick/", views.quick, name="quick"),
    path("body/<id:pk>/target/", views.target, name="target"),
]
