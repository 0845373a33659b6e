"""The accounts app's API: sign-in tokens and the security log."""
from django.urls import path

from .standins import StandInViewSet
from .views import SecurityEventViewSet, TokenView

# Registered on the project's router (secondment/api/urls.py), beside every app's.
routes = [
    ("security-events", SecurityEventViewSet),
    ("stand-ins", StandInViewSet),
]
urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
]
