from django.urls import path

from . import views

app_name = "directives"

urlpatterns = [
    path("", views.todo, name="todo"),
    path("sent/", views.followup, name="followup"),
    path("overdue/", views.overdue, name="overdue"),
    path("<id:pk>/", views.detail, name="detail"),
    path("send/<id:pk>/", views.send, name="send"),
    path("send/decision/<id:pk>/", views.send_from_decision, name="send_from_decision"),
    path("assignment/<id:pk>/", views.assignment, name="assignment"),
    path("assignment/<id:pk>/state/", views.assignment_state, name="state"),
    path("assignment/<id:pk>/evidence/", views.assignment_evidence_view, name="evidence"),
    path("assignment/<id:pk>/pass-down/", views.assignment_pass_down_view, name="pass_down"),
    path("attachment/<id:pk>/", views.attachment, name="attachment"),
]
