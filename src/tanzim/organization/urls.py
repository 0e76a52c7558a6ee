from django.urls import path

from . import views

app_name = "organization"
urlpatterns = [
    path("", views.body_tree, name="tree"),
    path("<id:pk>/", views.body_detail, name="detail"),
    path("<id:pk>/children/", views.body_children_partial, name="children"),
    path("<id:pk>/renew/", views.body_renew, name="renew"),
    path("<id:pk>/renew/paste/", views.body_renew_paste, name="renew_paste"),
    path("<id:pk>/add/", views.body_add, name="add"),
    path("<id:pk>/add/paste/", views.body_add_paste, name="add_paste"),
    path("<id:pk>/end/", views.body_end_mandate, name="end"),
    path("on/<str:code>/", views.territory_bodies_partial, name="on_territory"),
]
