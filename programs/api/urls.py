"""The programs app's API: the directory (regions, units), programs and what hangs on them."""
from . import views

# Registered on the project's router (secondment/api/urls.py), beside every app's.
routes = [
    ("regions", views.RegionViewSet),
    ("units", views.UnitViewSet),
    ("programs", views.ProgramViewSet),
    ("tracks", views.TrackViewSet),
    ("targets", views.ProgramTargetViewSet),
    ("allowance-policies", views.AllowancePolicyViewSet),
    ("holidays", views.HolidayViewSet),
]
urlpatterns = []
