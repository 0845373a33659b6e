from django.urls import path

from . import views

app_name = "evaluations"
urlpatterns = [
    path("vote/<str:token>/", views.VoteView.as_view(), name="vote"),
    path("placements/<int:pk>/ballot/", views.PlacementBallotView.as_view(),
         name="placement_ballot"),
    path("batches/<int:pk>/ballot/", views.BatchBallotView.as_view(), name="batch_ballot"),
    path("ballots/<int:pk>/", views.BallotDetailView.as_view(), name="ballot_detail"),
    path("host-ratings/", views.HostRatingsView.as_view(), name="host_ratings"),
    path("placements/<int:pk>/report-of-duty/", views.ReportOfDutyView.as_view(),
         name="report_of_duty"),
    path("placements/<int:pk>/talk/", views.TalkView.as_view(), name="talk_add"),
    path("placements/<int:pk>/host-rating/", views.HostRatingView.as_view(),
         name="host_rating"),
    path("ballots/<int:pk>/sheets/", views.SheetsView.as_view(), name="ballot_sheets"),
    path("ballots/<int:pk>/results/<int:placement>/", views.ResultsView.as_view(),
         name="ballot_results"),
]
