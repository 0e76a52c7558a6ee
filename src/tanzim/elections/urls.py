from django.urls import path

from . import views

app_name = "elections"
urlpatterns = [
    path("", views.elections_index, name="index"),
    path("<id:pk>/", views.election_detail, name="detail"),
    path("<id:pk>/proposals/", views.proposals, name="proposals"),
    path("<id:pk>/propose/", views.propose, name="propose"),
    path("proposals/<id:pk>/", views.proposal_detail, name="proposal"),
    path("proposals/<id:pk>/decide/", views.proposal_decide_view, name="decide"),
    path("proposals/<id:pk>/place/", views.proposal_place_view, name="place"),
    path("lists/<id:pk>/", views.list_detail, name="list"),
    path("lists/<id:pk>/endorsement.pdf", views.endorsement_pdf, name="endorsement"),
    path("lists/<id:pk>/result/", views.result_view, name="result"),
    path("lists/<id:pk>/move/<id:row>/", views.list_move_view, name="move"),
    path("lists/<id:pk>/head/<id:row>/", views.list_head_view, name="head"),
    path("lists/<id:pk>/filing/<id:row>/", views.filing_view, name="filing"),
]
