"""The document links a page offers (placement's page, the allowance page): computed here from
the documents service's predicates, so that the pages of other apps need not import it."""
from django import template

from ..choices import PLACEMENT_KINDS, DocumentKind
from ..services import can_print_allowance_sheet, can_print_document

register = template.Library()


@register.inclusion_tag("documents/_placement_documents.html", takes_context=True)
def placement_documents(context, placement):
    user = context["request"].user
    return {"placement": placement, "documents": [
        {"kind": kind, "label": DocumentKind(kind).label}
        for kind in PLACEMENT_KINDS if can_print_document(user, placement, kind)]}


@register.inclusion_tag("documents/_allowance_sheet.html", takes_context=True)
def allowance_sheet_links(context, program, month):
    user = context["request"].user
    return {"program": program, "month": month,
            "offered": can_print_allowance_sheet(user, program)}
