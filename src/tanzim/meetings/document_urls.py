"""The routes of a meeting's documents, under /meetings/ beside the meetings app's own (see documents_views)."""

from django.urls import path

from . import documents_views as views

app_name = "meeting_documents"

urlpatterns = [
    path("<id:pk>/minutes.pdf", views.minutes_pdf_view, name="minutes_pdf"),
    path("<id:pk>/attendance.pdf", views.attendance_pdf_view, name="attendance_pdf"),
    path("<id:pk>/versions/<id:number>/minutes.pdf", views.minutes_pdf_view, name="version_minutes_pdf"),
    path("<id:pk>/versions/<id:number>/attendance.pdf", views.attendance_pdf_view, name="version_attendance_pdf"),
    path("<id:pk>/communique/", views.communique_page, name="communique"),
    path("<id:pk>/communique/generate/", views.communique_generate_view, name="communique_generate"),
    path("<id:pk>/communique/publish/", views.communique_publish_view, name="communique_publish"),
    path("<id:pk>/communique.txt", views.communique_text_view, name="communique_text"),
    path("<id:pk>/communique.pdf", views.communique_pdf_view, name="communique_pdf"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/renew/", views.calendar_renew_personal, name="calendar_renew"),
    path("calendar/body/<id:pk>/renew/", views.calendar_renew_body, name="calendar_renew_body"),
]
