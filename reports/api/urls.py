"""The reports app's API: reports, alerts and the dashboards' figures."""
from django.urls import path

from . import views

# Registered on the project's router (secondment/api/urls.py), beside every app's.
routes = [
    ("reports", views.ReportViewSet),
    ("alerts", views.AlertViewSet),
]
urlpatterns = [
    path("todo/", views.TodoView.as_view(), name="todo"),
    path("stats/overview/", views.OverviewView.as_view(), name="stats-overview"),
    path("stats/worklog-compliance/", views.ComplianceView.as_view(),
         name="stats-worklog-compliance"),
    path("stats/achievements/", views.AchievementStatsView.as_view(),
         name="stats-achievements"),
    path("stats/appraisals/", views.AppraisalStatsView.as_view(), name="stats-appraisals"),
    path("stats/fulfilment/", views.FulfilmentView.as_view(), name="stats-fulfilment"),
    path("stats/allowances/", views.AllowanceStatsView.as_view(), name="stats-allowances"),
    path("stats/later-use/", views.LaterUseView.as_view(), name="stats-later-use"),
]
