from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("", views.members_index, name="index"),
    path("new/", views.member_edit, name="create"),
    path("export.<str:fmt>", views.members_export, name="export"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_status, name="import_status"),
    path("import/<int:pk>/rejected.csv", views.import_rejections, name="import_rejections"),
    path("verification/", views.verification, name="verification"),
    path("verification/<int:body_id>/", views.verify_body_list, name="verify_body"),
    path("duplicates/<int:pk>/dismiss/", views.duplicate_dismiss, name="duplicate_dismiss"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("<int:pk>/status/", views.member_status, name="status"),
    path("<int:pk>/merge/<int:other>/", views.member_merge_view, name="merge"),
    path("<int:pk>/<str:kind>/add/", views.member_profile_add, name="profile_add"),
    path("<int:pk>/<str:kind>/<int:row>/delete/", views.member_profile_delete, name="profile_delete"),
]
