from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("programs/<int:pk>/", views.ProgramDashboardView.as_view(), name="program"),
    path("batches/<int:pk>/", views.BatchDashboardView.as_view(), name="batch"),
    path("reports/", views.ReportListView.as_view(), name="report_list"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/download/", views.report_download, name="report_download"),
    path("alerts/", views.AlertListView.as_view(), name="alert_list"),
    path("feedback/", views.FeedbackView.as_view(), name="feedback"),
    path("feedback/<int:pk>/answer/", views.FeedbackAnswerView.as_view(),
         name="feedback_answer"),
]
