from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("imports/", views.ImportListView.as_view(), name="list"),
    path("imports/templates/<slug:kind>/", views.template_view, name="template"),
    path("imports/<int:pk>/", views.ImportDetailView.as_view(), name="detail"),
    path("imports/<int:pk>/apply/", views.apply_view, name="apply"),
    path("imports/<int:pk>/errors/", views.bad_rows_view, name="bad_rows"),
]
