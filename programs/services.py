"""Keeping the unit directory: the one path for the API, the import and the admin's checks."""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.choices import Role
from core.exceptions import InvalidInput, NotAllowed, predicate

from .models import Region, Unit


def may_keep_units(actor) -> bool:
    return actor.is_superuser or actor.role == Role.ORG_STAFF


def check_keep_reference_data(user, what=None):
    """Regions and the holiday calendar are the nation's reference data, read by everyone:
    only the system's administrators (and the loaders) write them."""
    if not user.is_superuser:
        raise NotAllowed(_("%s是全国共用的基础数据，只能由系统管理员维护")
                         % (what or _("行政区划和节假日")))


can_keep_reference_data = predicate(check_keep_reference_data)


def save_region(actor, region: Region) -> Region:
    """Create or edit a region of the national directory (the regions import): only the
    system's administrators; a code is a current region's, a name unique under its parent.
    Editions of the whole directory go through `manage.py load_regions` (programs.directory),
    which also retires codes."""
    check_keep_reference_data(actor, _("行政区划"))
    check_current_region(region.parent_id, None, "parent")
    try:
        region.full_clean()
    except ValidationError as exc:
        fields = exc.message_dict
        raise InvalidInput(next(iter(fields.values()))[0], fields=fields) from None
    try:
        with transaction.atomic():
            region.save()
    except IntegrityError:  # the same code or name written at the same moment
        message = _("该区划代码或名称已存在")
        raise InvalidInput(message, fields={"code": [message]}) from None
    return region


def check_keep_unit(user, unit):
    """Any organization department registers a new unit; an existing one is kept by the
    department whose region contains it, or by the one that registered it."""
    if user.is_superuser:
        return
    if not may_keep_units(user):
        raise NotAllowed(_("只有组织部工作人员可以维护单位名录"))
    if unit.pk is None:
        return
    stored = Unit.objects.select_related("region").get(pk=unit.pk)
    region = user.department_region
    if stored.registered_by_id is not None and stored.registered_by_id == user.unit_id:
        return
    if region is not None and stored.region.path.startswith(region.path):
        return
    raise NotAllowed(_("单位“%s”由其所在地或登记它的组织部维护，本部门不能修改、删除")
                     % stored.name)


can_keep_unit = predicate(check_keep_unit)


def check_current_region(region_id, before_id, field):
    """A record names a region as it is now: a retired one (merged or renamed by a later
    edition of the directory) is refused when chosen, with what replaced it; a record that
    already pointed at it keeps it (its history says where it was)."""
    if not region_id or region_id == before_id:
        return
    region = Region.objects.filter(pk=region_id).select_related("replaced_by").first()
    if region is None or region.valid_to is None:
        return
    facts = {"name": region.name, "code": region.code or "—",
             "date": region.valid_to.isoformat(),
             "successor": region.replaced_by.name if region.replaced_by_id else ""}
    message = (_("“%(name)s”（%(code)s）已于%(date)s撤销，现为“%(successor)s”，请选择现行区划")
               if region.replaced_by_id else
               _("“%(name)s”（%(code)s）已于%(date)s撤销，请选择现行区划")) % facts
    raise InvalidInput(message, fields={field: [message]}, code="region_retired")


def save_unit(actor, unit: Unit) -> Unit:
    """Create or edit a unit (unsaved changes on the instance): organization-department staff
    keep the directory (check_keep_unit); a name is unique within its region."""
    check_keep_unit(actor, unit)
    before = (None if unit.pk is None else
              Unit.objects.filter(pk=unit.pk).values_list("region", flat=True).first())
    check_current_region(unit.region_id, before, "region")
    if unit.pk is None and not actor.is_superuser:
        unit.registered_by_id = actor.unit_id
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
