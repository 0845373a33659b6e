from django.urls import path

from . import views

app_name = "cadres"
urlpatterns = [
    path("cadres/", views.CadreListView.as_view(), name="cadre_list"),
    path("cadres/add/", views.CadreFormView.as_view(), name="cadre_add"),
    path("cadres/<int:pk>/", views.CadreDetailView.as_view(), name="cadre_detail"),
    path("cadres/<int:pk>/edit/", views.CadreFormView.as_view(), name="cadre_edit"),
]
