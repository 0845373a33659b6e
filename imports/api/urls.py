"""The imports app's API: spreadsheet imports."""
from .views import ImportJobViewSet

# Registered on the project's router (secondment/api/urls.py), beside every app's.
routes = [
    ("imports", ImportJobViewSet),
]
urlpatterns = []
