from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("", views.calendar_page, name="calendar"),
    path("programmes/", views.programmes, name="programmes"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<id:pk>/", views.programme_detail, name="programme"),
    path("new/", views.activity_create, name="create"),
    path("<id:pk>/", views.activity_detail, name="detail"),
    path("<id:pk>/edit/", views.activity_edit, name="edit"),
    path("<id:pk>/report/", views.activity_report_view, name="report"),
    path("<id:pk>/cancel/", views.activity_cancel_view, name="cancel"),
    path("<id:pk>/participants/", views.participant_add_view, name="participant_add"),
    path("<id:pk>/participants/<id:row>/delete/", views.participant_remove_view, name="participant_remove"),
]
