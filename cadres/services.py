"""Keeping a cadre's record: the one path for pages (the API's serializer validates the same
model rules); a dispatching unit keeps only its own cadres."""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.choices import Role
from secondment.exceptions import InvalidInput, NotAllowed

from .models import Cadre, Relation


def may_keep(actor, employer_id):
    if actor.is_superuser or actor.role == Role.ORG_STAFF:
        return True
    return actor.role == Role.DISPATCHING and employer_id == actor.unit_id


def _unavailable():
    message = _("该身份证号码暂不能由本单位登记，请联系组织部核实")
    return InvalidInput(message, code="id_number_unavailable", fields={"id_number": [message]})


def check_unique_id_number(actor, cadre):
    """A number already registered is called so only to those who may see that cadre. Anyone
    else is told that their unit cannot register it and to ask the department (which can look
    it up): the answer never says that a cadre with that number exists elsewhere, and the
    attempt is logged as a refused request."""
    clash = (Cadre.objects.filter(id_number=cadre.id_number).exclude(pk=cadre.pk)
             .values_list("pk", flat=True).first())
    if clash is None:
        return
    if Cadre.objects.visible_to(actor).filter(pk=clash).exists():
        message = _("该身份证号码已登记")
        raise InvalidInput(message, code="id_number_taken", fields={"id_number": [message]})
    raise _unavailable()


def save_cadre(actor, cadre, expertise=None, former_units=None, relations=None):
    """Create or edit `cadre` (unsaved changes on the instance) with its many-to-many fields
    and declared relatives (a list of {"name", "relation", "unit"}; None leaves them)."""
    before = Cadre.objects.filter(pk=cadre.pk).values_list("employer", flat=True).first()
    if not may_keep(actor, cadre.employer_id) or (
            before is not None and not may_keep(actor, before)):
        raise NotAllowed(_("派出单位只能管理本单位干部"))
    try:
        return _save(cadre, actor, expertise, former_units, relations)
    except InvalidInput as exc:
        if exc.code == "id_number_unavailable":  # logged outside the refused transaction
            from accounts.security import record

            record("permission_denied", user=actor, reason="id_number_out_of_scope")
        raise


def _save(cadre, actor, expertise, former_units, relations):
    with transaction.atomic():
        try:
            cadre.full_clean(validate_unique=False)
        except ValidationError as exc:
            fields = exc.message_dict
            first = next(iter(fields.values()))[0]
            raise InvalidInput(first, fields=fields) from None
        check_unique_id_number(actor, cadre)
        try:
            with transaction.atomic():
                cadre.save()
        except IntegrityError:  # registered at the same moment by someone else
            raise _unavailable() from None
        if expertise is not None:
            cadre.expertise.set(expertise)
        if former_units is not None:
            cadre.former_units.set(former_units)
        if relations is not None:
            cadre.relations.all().delete()
            Relation.objects.bulk_create([Relation(cadre=cadre, **r) for r in relations])
        return cadre
