"""The evaluations app's API: 述职, 个别谈话 and 民主测评."""
from . import views

routes = [
    ("reports-of-duty", views.ReportOfDutyViewSet),
    ("talks", views.TalkViewSet),
    ("ballots", views.BallotViewSet),
    ("host-ratings", views.HostRatingViewSet),
]
urlpatterns = []
