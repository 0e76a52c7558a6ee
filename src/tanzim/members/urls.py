from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("", views.members_index, name="index"),
    path("new/", views.member_edit, name="create"),
    path("export.<str:fmt>", views.members_export, name="export"),
    path("import/", views.import_upload, name="import"),
    path("import/<id:pk>/", views.import_status, name="import_status"),
    path("import/<id:pk>/rejected.csv", views.import_rejections, name="import_rejections"),
    path("import/template.<str:fmt>", views.import_template_download, name="import_template"),
    path("import/conflicts/", views.import_conflicts, name="import_conflicts"),
    path("import/conflicts/<id:pk>/", views.import_conflict_resolve, name="import_conflict_resolve"),
    path("verification/", views.verification, name="verification"),
    path("verification/<id:body_id>/", views.verify_body_list, name="verify_body"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("duplicates/<id:pk>/merge/", views.duplicate_merge, name="duplicate_merge"),
    path("duplicates/<id:pk>/dismiss/", views.duplicate_dismiss, name="duplicate_dismiss"),
    path("<id:pk>/", views.member_detail, name="detail"),
    path("<id:pk>/edit/", views.member_edit, name="edit"),
    path("<id:pk>/status/", views.member_status, name="status"),
    path("<id:pk>/merge/<id:other>/", views.member_merge_view, name="merge"),
    path("<id:pk>/<str:kind>/add/", views.member_profile_add, name="profile_add"),
    path("<id:pk>/<str:kind>/<id:row>/delete/", views.member_profile_delete, name="profile_delete"),
]
