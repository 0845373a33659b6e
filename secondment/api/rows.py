"""A list page's rows read as plain values and represented by a plan made once per serializer.

A 50-row page of placements spent more time being built than fetched: 200 model instances
(each placement with its cadre and two units), DRF's fields rebuilt from the model on every
request, and their values walked one attribute at a time. Where every field a serializer
reads is a column of its model, a column one foreign key away, the ids of a many-to-many
field, or knows how to read itself from columns (`row_columns`), the page is one `values()`
query (and one per many-to-many field) and each row a dict made by the same fields'
`to_representation`, so the output is the same to the byte.

Anything else (a method field, a nested serializer, a mask that needs the whole object, a
serializer with its own `to_representation`) keeps DRF's way: `row_plan()` returns None.
"""
from operator import itemgetter

from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings

from .base import ChoiceDisplayMixin, ChoiceLabelField, ScopedPrimaryKeyField

# Exactly these types (not subclasses: a subclass may read or represent otherwise).
_VALUE_FIELDS = {serializers.CharField, serializers.IntegerField, serializers.BigIntegerField,
                 serializers.BooleanField, serializers.ChoiceField, serializers.DateField,
                 serializers.DateTimeField,
                 serializers.DecimalField, serializers.FloatField, serializers.ListField,
                 serializers.JSONField, ChoiceLabelField}
_KEY_FIELDS = {serializers.PrimaryKeyRelatedField, ScopedPrimaryKeyField}
# Values already in their JSON form for these pairs of (serializer field, model field).
_AS_IS = {(serializers.CharField, models.CharField), (serializers.CharField, models.TextField),
          (serializers.IntegerField, models.IntegerField),
          (serializers.IntegerField, models.BigIntegerField),
          (serializers.IntegerField, models.BigAutoField),
          (serializers.IntegerField, models.AutoField),
          (serializers.IntegerField, models.PositiveIntegerField),
          (serializers.IntegerField, models.PositiveSmallIntegerField),
          (serializers.IntegerField, models.SmallIntegerField),
          (serializers.BooleanField, models.BooleanField)}

_plans = {}


class RowPlan:
    """How to read a page of `model` and represent each row as the serializer does."""

    def __init__(self, model, columns, related, many, steps):
        self.model = model
        self.columns = columns        # values() names of the model's own columns
        self.related = related        # {alias: Subquery} for columns one key away
        self.many = many              # [(alias, many-to-many field)]: lists of related ids
        # Each output value is a key of the row dict: a column as it is, or one a
        # conversion writes first (None stays None, as DRF leaves it).
        self.names = [name for name, _key, _convert in steps]
        self.conversions = [(f"out_{i}", key, convert)
                            for i, (_name, key, convert) in enumerate(steps) if convert]
        outputs = [f"out_{i}" if convert else key for i, (_n, key, convert) in enumerate(steps)]
        self.outputs = itemgetter(*outputs) if len(outputs) > 1 else (lambda r: (r[outputs[0]],))
        self._bases = {}

    def _base(self, keys):
        """The values() query without its ids, built once per set of keys: building the
        subqueries was a third of a page's query time in Python (1.5 of 4 ms)."""
        base = self._bases.get(keys)
        if base is None:
            # No order: the caller puts the page in order (the model's default ordering
            # joined a diary's rows to their placements to sort them).
            base = self._bases[keys] = self.model._base_manager.order_by().values(
                *sorted({*self.columns, *keys}), **self.related)
        return base

    def read(self, ids, keys=()):
        """[(row, represented row)] of the rows whose pk is in `ids` (a list or a subquery
        of rows the caller has already scoped); `row` has the values of `keys` too."""
        rows = list(self._base(tuple(keys)).filter(pk__in=ids))
        if self.many and rows:
            self._read_many(rows)
        names, outputs = self.names, self.outputs
        # What depends on the request (its language, its time zone) is looked up once.
        conversions = [(out, key, convert.for_request() if isinstance(convert, PerRequest)
                        else convert) for out, key, convert in self.conversions]
        result = []
        for row in rows:
            for out, key, convert in conversions:
                if key is None:
                    row[out] = convert(row)
                else:
                    value = row[key]
                    row[out] = None if value is None else convert(value)
            result.append((row, dict(zip(names, outputs(row), strict=True))))
        return result

    def _read_many(self, rows):
        """Each row's related ids of each many-to-many field, in the related model's order
        (as the prefetch DRF read them from had them): one query per field."""
        pk = self.model._meta.pk.attname
        ids = [row[pk] for row in rows]
        for alias, field in self.many:
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            order = [f"{'-' if o.startswith('-') else ''}{target}__{o.lstrip('-')}"
                     for o in field.related_model._meta.ordering]
            links = (field.remote_field.through._base_manager
                     .filter(**{f"{source}__in": ids}).order_by(*order, target)
                     .values_list(source, target))
            by_row = {}
            for owner, related in links:
                by_row.setdefault(owner, []).append(related)
            for row in rows:
                row[alias] = by_row.get(row[pk], [])


def row_plan(serializer_class):
    """The serializer's RowPlan, or None when some field needs the model instance."""
    if serializer_class not in _plans:
        _plans[serializer_class] = _make_plan(serializer_class)
    return _plans[serializer_class]


def _make_plan(serializer_class):
    if not issubclass(serializer_class, ChoiceDisplayMixin) or \
            serializer_class.to_representation is not ChoiceDisplayMixin.to_representation:
        return None
    serializer = serializer_class(context={})
    meta = serializer.Meta.model._meta
    columns, related, many, steps = {meta.pk.attname}, {}, [], []
    for field in serializer._readable_fields:
        step = _many(field, meta, many) or _step(field, meta, columns, related)
        if step is None:
            return None
        steps.append((field.field_name, *step))
    return RowPlan(meta.model, columns, related, many, steps)


def _many(field, meta, many):
    """A forward many-to-many field read as its related ids (DRF's ManyRelatedField of
    primary keys)."""
    if type(field) is not serializers.ManyRelatedField or len(field.source_attrs) != 1:
        return None
    child = field.child_relation
    if type(child) not in _KEY_FIELDS or child.pk_field is not None:
        return None
    try:
        model_field = meta.get_field(field.source_attrs[0])
    except Exception:  # noqa: BLE001 - not a model field
        return None
    if not (model_field.many_to_many and model_field.concrete) or not all(
            isinstance(o, str) for o in model_field.related_model._meta.ordering):
        return None
    alias = f"many_{field.field_name}"
    many.append((alias, model_field))
    return alias, None


def _step(field, meta, columns, related):
    kind = type(field)
    row_columns = getattr(field, "row_columns", None)
    if row_columns is not None:
        names = row_columns(meta)
        columns.update(names)
        return None, field.from_row
    path = field.source_attrs
    if not path or kind not in _VALUE_FIELDS | _KEY_FIELDS:
        return None
    model_field = _concrete(meta, path[0])
    if model_field is None:
        return None
    if kind in _KEY_FIELDS:
        if len(path) != 1 or not model_field.is_relation or field.pk_field is not None:
            return None
        columns.add(model_field.attname)
        return model_field.attname, None
    if len(path) == 1:
        if model_field.is_relation:
            return None
        columns.add(model_field.attname)
        return _represent(field, model_field, model_field.attname)
    # A column one foreign key away (`cadre.name`): a subquery by the key, which the planner
    # answers with an index probe per row (joined, it hashed the whole unit table twice for
    # a 50-row page: 6 ms against 0.3).
    if len(path) != 2 or not model_field.many_to_one or model_field.null:
        return None
    target = _concrete(model_field.related_model._meta, path[1])
    if target is None or target.is_relation:
        return None
    alias = f"row_{'_'.join(path)}"
    related[alias] = Subquery(model_field.related_model._base_manager
                              .filter(pk=OuterRef(model_field.attname)).values(target.attname)[:1])
    return _represent(field, target, alias)


def _concrete(meta, name):
    try:
        field = meta.get_field(name)
    except Exception:  # noqa: BLE001 - a property or an annotation: not a column
        return None
    if not field.concrete or field.many_to_many:
        return None
    return field


class PerRequest:
    """A conversion made for each request: `make()` returns the function for its rows."""

    def __init__(self, make):
        self.for_request = make


def _choice_label(field):
    def make():
        table = field.table()
        return lambda value: table.get(value, value)
    return PerRequest(make)


def _date_time(field):
    """DRF's DateTimeField.to_representation in ISO 8601 with the time zone read once (it
    asked for the current zone for every value: 1.5 ms of a 50-row page)."""
    def make():
        zone = field.timezone if hasattr(field, "timezone") else field.default_timezone()
        represent = field.to_representation
        if zone is None or getattr(field, "format", api_settings.DATETIME_FORMAT) != ISO_8601:
            return represent

        def convert(value):
            if isinstance(value, str) or not timezone.is_aware(value):
                return represent(value)
            text = value.astimezone(zone).isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return convert
    return PerRequest(make)


def _represent(field, model_field, key):
    """(key, conversion): None where the column's value is already what DRF writes."""
    kind = type(field)
    as_is = (kind, type(model_field)) in _AS_IS or (
        kind is serializers.CharField and isinstance(model_field, models.CharField)) or (
        kind is serializers.BigIntegerField and isinstance(model_field, models.IntegerField)
        and not getattr(field, "coerce_to_string", api_settings.COERCE_BIGINT_TO_STRING))
    if as_is:
        return key, None
    if kind is ChoiceLabelField:
        return key, _choice_label(field)
    if kind is serializers.DateTimeField:
        return key, _date_time(field)
    return key, field.to_representation
