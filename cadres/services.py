"""Keeping a cadre's record: the one path for the API, the pages and the import; a
dispatching unit keeps only its own cadres. `check_cadre` is every rule a save applies, without
the save: `save_cadre` runs it before writing one cadre, `register_cadres` before writing many
at once (an import of thousands of rows)."""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.choices import Role
from core.exceptions import InvalidInput, NotAllowed, predicate
from core.roles import acts_as
from programs.services import check_current_region

from . import scope
from .models import Cadre, Relation
from .search import index_names


def check_keep_expertise(user, expertise=None):
    """Professional fields are one vocabulary shared by every department's cadres, orders and
    matching: org staff add new ones; an existing one is renamed or removed only by the
    system's administrators (a rename by one department would change every other's)."""
    if user.is_superuser:
        return
    if user.role != Role.ORG_STAFF:
        raise NotAllowed(_("只有组织部工作人员可以新增专业领域"))
    if expertise is not None and expertise.pk is not None:
        raise NotAllowed(_("专业领域是各部门共用的分类，已有的只能由系统管理员修改或删除；"
                           "需要新的领域时请新增"))


can_keep_expertise = predicate(check_keep_expertise)


def may_keep(actor, employer_id):
    if actor.is_superuser or actor.role == Role.ORG_STAFF:
        return True
    return employer_id == actor.unit_id and acts_as(actor, Role.DISPATCHING)


def can_register_cadres(user) -> bool:
    """Whether the user keeps cadres of some unit: the department's staff, a dispatching
    unit its own (may_keep decides each cadre's employer)."""
    return user.is_superuser or acts_as(user, Role.ORG_STAFF, Role.DISPATCHING)


def _unavailable():
    message = _("该身份证号码暂不能由本单位登记，请联系组织部核实")
    return InvalidInput(message, code="id_number_unavailable", fields={"id_number": [message]})


def check_unique_id_number(actor, cadre, registered=None):
    """A number already registered is called so only to those who may see that cadre. Anyone
    else is told that their unit cannot register it and to ask the department (which can look
    it up): the answer never says that a cadre with that number exists elsewhere, and the
    attempt is logged as a refused request. `registered` ({number: pk}, read in advance for
    many cadres) saves the query."""
    if registered is not None:
        clash = registered.get(cadre.id_number)
        clash = None if clash == cadre.pk else clash
    else:
        clash = (Cadre.objects.filter(id_number=cadre.id_number).exclude(pk=cadre.pk)
                 .values_list("pk", flat=True).first())
    if clash is None:
        return
    if Cadre.objects.visible_to(actor).filter(pk=clash).exists():
        message = _("该身份证号码已登记")
        raise InvalidInput(message, code="id_number_taken", fields={"id_number": [message]})
    raise _unavailable()


def registered_numbers(numbers) -> dict:
    """{ID number: cadre id} of those among `numbers` already registered (anyone's)."""
    found = {}
    numbers = list(numbers)
    for start in range(0, len(numbers), 5000):
        found.update(Cadre.objects.filter(id_number__in=numbers[start:start + 5000])
                     .values_list("id_number", "pk"))
    return found


def check_cadre(actor, cadre, registered=None, refs_checked=False):
    """Refuse (403, 400) what saving `cadre` would refuse: another unit's cadre, a broken model
    rule, an ID number registered already. `refs_checked`: its units and region were just read
    from the directory (an import), so their existence is not asked again row by row."""
    cadre.fill_from_id_number()
    before, native_before = (None, None) if cadre.pk is None else (
        Cadre.objects.filter(pk=cadre.pk).values_list("employer", "native_place").first()
        or (None, None))
    if not may_keep(actor, cadre.employer_id) or (
            before is not None and not may_keep(actor, before)):
        raise NotAllowed(_("派出单位只能管理本单位干部"))
    if not refs_checked:  # an import's lookups answer a retired code themselves
        check_current_region(cadre.native_place_id, native_before, "native_place")
    fields = {}
    try:
        # The gender constraint is the field's choices: no query to check it again.
        cadre.full_clean(validate_unique=False, validate_constraints=False,
                         exclude=["employer", "native_place"] if refs_checked else None)
    except ValidationError as exc:
        fields = exc.message_dict
    try:
        if "id_number" not in fields:
            check_unique_id_number(actor, cadre, registered)
    except InvalidInput as exc:
        # Said together with the record's other errors: one round for the person typing.
        raise InvalidInput(exc.message, code=exc.code,
                           fields={"id_number": [exc.message], **fields}) from None
    if fields:
        raise InvalidInput(next(iter(fields.values()))[0], fields=fields)


def save_cadre(actor, cadre, expertise=None, former_units=None, relations=None):
    """Create or edit `cadre` (unsaved changes on the instance) with its many-to-many fields
    and declared relatives (a list of {"name", "relation", "unit"}; None leaves them)."""
    try:
        return _save(cadre, actor, expertise, former_units, relations)
    except InvalidInput as exc:
        if exc.code == "id_number_unavailable":  # logged outside the refused transaction
            _log_unavailable(actor)
        raise


def _log_unavailable(actor):
    from accounts.security import record

    record("permission_denied", user=actor, reason="id_number_out_of_scope")


def _registered_by(actor, cadre):
    """A new cadre registered by a department's staff is kept by that department (cadres.scope):
    whatever the employer's level, the importer sees whom it registered."""
    if cadre.pk is None and actor.role == Role.ORG_STAFF and actor.unit_id:
        cadre.registered_by_id = actor.unit_id


def _save(cadre, actor, expertise, former_units, relations):
    created = cadre.pk is None
    try:
        with transaction.atomic():
            check_cadre(actor, cadre)
            _registered_by(actor, cadre)
            cadre.save()
            if expertise is not None:
                _set(cadre.expertise, expertise, created)
            if former_units is not None:
                _set(cadre.former_units, former_units, created)
            if relations is not None:
                if not created:
                    cadre.relations.all().delete()
                Relation.objects.bulk_create([Relation(cadre=cadre, **r) for r in relations])
            return cadre
    except IntegrityError as exc:
        if "id_number" in str(exc):  # registered at the same moment by someone else
            raise _unavailable() from None
        raise


def _set(manager, values, created):
    """A new cadre's many-to-many rows are only added (no read of what is there first)."""
    if created:
        if values:
            manager.add(*values)
    else:
        manager.set(values)


def register_cadres(actor, entries):
    """Register many new cadres at once (an import): `entries` are (cadre, expertise, former
    units, relatives) as save_cadre takes them, each already passed by check_cadre. Written in
    bulk with their audit rows; a number registered meanwhile by someone else fails them all."""
    from simple_history.utils import bulk_create_with_history

    cadres = [entry[0] for entry in entries]
    # The checks that cost no query are made again here: a caller that skipped check_cadre
    # still cannot register another unit's cadres or an existing one.
    if any(not may_keep(actor, cadre.employer_id) for cadre in cadres):
        raise NotAllowed(_("派出单位只能管理本单位干部"))
    if any(cadre.pk is not None for cadre in cadres):
        raise InvalidInput(_("只能登记新的干部"))
    for cadre in cadres:
        _registered_by(actor, cadre)
    try:
        with transaction.atomic():
            bulk_create_with_history(cadres, Cadre, batch_size=1000, default_user=actor)
            expertise_rows, unit_rows, relation_rows = [], [], []
            for cadre, expertise, former_units, relations in entries:
                expertise_rows += [Cadre.expertise.through(cadre_id=cadre.pk, expertise_id=pk)
                                   for pk in _ids(expertise)]
                unit_rows += [Cadre.former_units.through(cadre_id=cadre.pk, unit_id=pk)
                              for pk in _ids(former_units)]
                relation_rows += [Relation(cadre=cadre, **r) for r in relations or ()]
            Cadre.expertise.through.objects.bulk_create(expertise_rows, batch_size=5000)
            Cadre.former_units.through.objects.bulk_create(unit_rows, batch_size=5000)
            Relation.objects.bulk_create(relation_rows, batch_size=5000)
            index_names(cadres)
            scope.refresh([cadre.pk for cadre in cadres])
    except IntegrityError as exc:
        if "id_number" in str(exc):
            raise _unavailable() from None
        raise
    return cadres


def _ids(values):
    return [getattr(v, "pk", v) for v in values or ()]
