from django.urls import path

from . import views

app_name = "programs"
urlpatterns = [
    path("programs/", views.ProgramListView.as_view(), name="program_list"),
    path("units/", views.UnitListView.as_view(), name="unit_list"),
]
