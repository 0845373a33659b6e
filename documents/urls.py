from django.urls import path, re_path

from . import views

app_name = "documents"
urlpatterns = [
    re_path(r"^placements/(?P<pk>\d+)/documents/(?P<kind>[a-z_]+)\.(?P<fmt>docx|pdf)$",
            views.PlacementDocumentView.as_view(), name="placement_document"),
    re_path(r"^programs/(?P<pk>\d+)/allowance-sheet\.(?P<fmt>docx|pdf)$",
            views.AllowanceSheetView.as_view(), name="allowance_sheet"),
    path("document-templates/", views.TemplatesView.as_view(), name="templates"),
    path("document-templates/default/<slug:kind>.docx", views.DefaultTemplateView.as_view(),
         name="default_template"),
    path("document-templates/<int:pk>/file/", views.OwnTemplateView.as_view(),
         name="own_template"),
]
