from django.urls import path

from . import views

app_name = "dues"
urlpatterns = [
    path("", views.dues_index, name="index"),
    path("rates/", views.rates, name="rates"),
    path("body/<id:pk>/", views.body_dues, name="body"),
    path("body/<id:pk>/pay/<id:member_id>/", views.member_pay, name="pay"),
    path("body/<id:pk>/batch/", views.batch, name="batch"),
    path("body/<id:pk>/money/", views.money, name="money"),
    path("body/<id:pk>/export.<str:fmt>", views.export, name="export"),
    path("receipt/<id:pk>/", views.receipt, name="receipt"),
    path("entry/<id:pk>/reverse/", views.entry_reverse_view, name="reverse"),
    path("member/<id:pk>/waive/", views.member_waive, name="waive"),
    path("member/<id:pk>/category/", views.member_category, name="category"),
]
