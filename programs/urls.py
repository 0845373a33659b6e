from django.urls import path

from . import views

app_name = "programs"
urlpatterns = [
    path("programs/", views.ProgramListView.as_view(), name="program_list"),
    path("units/", views.UnitListView.as_view(), name="unit_list"),
    path("batches/<int:pk>/open-nominations/", views.OpenNominationsView.as_view(),
         name="batch_open_nominations"),
    path("batches/<int:pk>/close-nominations/", views.CloseNominationsView.as_view(),
         name="batch_close_nominations"),
    path("batches/<int:pk>/reopen-nominations/", views.ReopenNominationsView.as_view(),
         name="batch_reopen_nominations"),
]
