"""Keeping the unit directory: the one path for the API, the import and the admin's checks."""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.choices import Role
from core.exceptions import InvalidInput, NotAllowed

from .models import Unit


def may_keep_units(actor) -> bool:
    return actor.is_superuser or actor.role == Role.ORG_STAFF


def save_unit(actor, unit: Unit) -> Unit:
    """Create or edit a unit (unsaved changes on the instance): organization-department staff
    keep the directory; a name is unique within its region."""
    if not may_keep_units(actor):
        raise NotAllowed(_("只有组织部工作人员可以维护单位名录"))
    try:
        unit.full_clean()
    except ValidationError as exc:
        fields = exc.message_dict
        raise InvalidInput(next(iter(fields.values()))[0], fields=fields) from None
    if unit.parent_id and unit.parent_id == unit.pk:
        raise InvalidInput(_("上级单位不能是自身"), fields={"parent": [_("不能是自身")]})
    try:
        with transaction.atomic():
            unit.save()
    except IntegrityError:  # the same name registered in the region at the same moment
        message = _("该区划内已有同名单位")
        raise InvalidInput(message, fields={"name": [message]}) from None
    return unit
