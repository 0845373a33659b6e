"""Keeping a cadre's record: the one path for pages (the API's serializer validates the same
model rules); a dispatching unit keeps only its own cadres."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.choices import Role
from secondment.exceptions import InvalidInput, NotAllowed

from .models import Cadre, Relation


def may_keep(actor, employer_id):
    if actor.is_superuser or actor.role == Role.ORG_STAFF:
        return True
    return actor.role == Role.DISPATCHING and employer_id == actor.unit_id


def save_cadre(actor, cadre, expertise=None, former_units=None, relations=None):
    """Create or edit `cadre` (unsaved changes on the instance) with its many-to-many fields
    and declared relatives (a list of {"name", "relation", "unit"}; None leaves them)."""
    before = Cadre.objects.filter(pk=cadre.pk).values_list("employer", flat=True).first()
    if not may_keep(actor, cadre.employer_id) or (
            before is not None and not may_keep(actor, before)):
        raise NotAllowed(_("派出单位只能管理本单位干部"))
    with transaction.atomic():
        try:
            cadre.full_clean()
        except ValidationError as exc:
            fields = exc.message_dict
            first = next(iter(fields.values()))[0]
            raise InvalidInput(first, fields=fields) from None
        cadre.save()
        if expertise is not None:
            cadre.expertise.set(expertise)
        if former_units is not None:
            cadre.former_units.set(former_units)
        if relations is not None:
            cadre.relations.all().delete()
            Relation.objects.bulk_create([Relation(cadre=cadre, **r) for r in relations])
        return cadre
