"""The API under /api/v1/: one router over every app's routes (each app's api/urls.py), the
apps' own paths, and the schema with its Swagger UI."""
from importlib import import_module

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

APPS = ("accounts", "programs", "cadres", "placements", "reports", "imports", "notices",
        "documents", "evaluations")
app_urls = [import_module(f"{app}.api.urls") for app in APPS]

router = DefaultRouter()
for module in app_urls:
    for prefix, viewset in module.routes:
        router.register(prefix, viewset)

urlpatterns = [
    *(pattern for module in app_urls for pattern in module.urlpatterns),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its script as a file: no inline script under the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("", include(router.urls)),
]
