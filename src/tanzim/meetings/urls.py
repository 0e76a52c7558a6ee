from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_index, name="list"),
    path("new/", views.meeting_new, name="create"),
    path("<id:pk>/", views.meeting_detail, name="detail"),
    path("<id:pk>/edit/", views.meeting_edit, name="edit"),
    path("<id:pk>/status/", views.meeting_status, name="status"),
    path("<id:pk>/cancel/", views.meeting_cancel_view, name="cancel"),
    path("<id:pk>/correct/", views.minutes_correct_view, name="correct"),
    path("<id:pk>/versions/<id:number>/", views.minutes_version_view, name="version"),
    path("<id:pk>/attendance/", views.attendance_register, name="register"),
    path("<id:pk>/attendance/add/", views.attendance_add_view, name="attendance_add"),
    path("<id:pk>/attendance/<id:line>/", views.attendance_mark_view, name="mark"),
    path("<id:pk>/items/new/", views.agenda_item_new, name="item_new"),
    path("<id:pk>/items/<id:item>/", views.agenda_item_edit, name="item_edit"),
    path("<id:pk>/items/<id:item>/decision/", views.decision_new, name="decision_new"),
]
