from django.urls import path

from . import views

app_name = "organization"
urlpatterns = [
    path("", views.body_tree, name="tree"),
    path("<int:pk>/", views.body_detail, name="detail"),
    path("<int:pk>/children/", views.body_children_partial, name="children"),
    path("<int:pk>/renew/", views.body_renew, name="renew"),
    path("on/<str:code>/", views.territory_bodies_partial, name="on_territory"),
]
