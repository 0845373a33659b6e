"""The cadres app's API: expertise and cadres."""
from .views import CadreViewSet, ExpertiseViewSet

# Registered on the project's router (secondment/api/urls.py), beside every app's.
routes = [
    ("expertise", ExpertiseViewSet),
    ("cadres", CadreViewSet),
]
urlpatterns = []
