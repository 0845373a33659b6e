"""The documents app's API: the department's templates; the documents themselves are read
under placements/{id}/documents/ and allowance-statements/sheet.<fmt>."""
from django.urls import re_path

from . import views

routes = [
    ("document-templates", views.DocumentTemplateViewSet),
]
urlpatterns = [
    # Before the router's document-templates/{pk}/, which would take "letterhead" for a pk.
    re_path(r"^document-templates/letterhead/$", views.LetterheadView.as_view(),
            name="letterhead"),
    re_path(r"^placements/(?P<pk>\d+)/documents/(?P<kind>[a-z_]+)\.(?P<fmt>docx|pdf)$",
            views.PlacementDocumentView.as_view(), name="placement-document"),
    re_path(r"^allowance-statements/sheet\.(?P<fmt>docx|pdf)$",
            views.AllowanceSheetView.as_view(), name="allowance-sheet"),
]
