"""The audit trail: every create, change and delete of the records people answer for (cadres,
orders, nominations, placements, leave, diary days, inspections, achievements, appraisals,
allowance statements), kept by django-simple-history in a history table per model: who,
when, from which address, and the whole row as it was after the change. `changes()` turns
two consecutive rows into the fields before and after.

The history is read through `…/history/` and on the detail pages, never edited: the history
models are not in the admin, and no endpoint writes them.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

# Noise, not change: stamps every save moves.
NOT_AUDITED = ["updated_at"]


class ChangeOrigin(models.Model):
    """What the history row adds to the record: the address the change came from."""

    ip_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)

    class Meta:
        abstract = True


def audited():
    return HistoricalRecords(bases=[ChangeOrigin], excluded_fields=NOT_AUDITED)


def record_origin(sender, history_instance, **kwargs):
    """pre_create_historical_record: the request's address (simple-history's middleware
    keeps the request of the thread), or none for jobs and commands."""
    request = getattr(HistoricalRecords.context, "request", None)
    if request is not None:
        history_instance.ip_address = request.META.get("REMOTE_ADDR") or None


# Connected when the first audited model is defined (this module is imported by their models).
pre_create_historical_record.connect(record_origin, dispatch_uid="audit_record_origin")


KINDS = {"+": ("created", _("创建")), "~": ("changed", _("修改")), "-": ("deleted", _("删除"))}


def _shown(field, value):
    if value is None or value == "":
        return None
    choices = dict(field.flatchoices) if field.choices else None
    if choices is not None:
        return str(choices.get(value, value))
    return str(value)


def actor_name(user):
    return (user.get_full_name() or user.username) if user else None


def audit_trail(obj, mask=None):
    """The object's recorded changes, oldest first, in the shape of `…/history/`: who, when,
    from where, and each changed field's label with its value before and after. `mask(name,
    value)` hides what the reader may not see (personal data read masked)."""
    model = type(obj)
    # What a person or a step sets: editable fields (not the key, not the creation stamp).
    fields = {f.name: f for f in model._meta.concrete_fields
              if f.editable and not f.primary_key and f.name not in NOT_AUDITED}
    rows, previous = [], None
    for record in obj.history.select_related("history_user").order_by("history_date",
                                                                        "history_id"):
        if previous is None or record.history_type == "+":
            values = {name: getattr(record, f.attname, None) for name, f in fields.items()}
            pairs = [(name, None, value) for name, value in values.items()
                     if value not in (None, "")]
        else:
            delta = record.diff_against(previous, included_fields=list(fields))
            pairs = [(c.field, c.old, c.new) for c in delta.changes]
        changes = []
        for name, before, after in pairs:
            field = fields[name]
            before, after = _shown(field, before), _shown(field, after)
            if mask is not None:
                before, after = mask(field.name, before), mask(field.name, after)
            changes.append({"field": field.name, "label": str(field.verbose_name),
                            "before": before, "after": after})
        kind, label = KINDS[record.history_type]
        rows.append({"at": record.history_date, "kind": kind, "kind_display": str(label),
                     "actor": actor_name(record.history_user), "note": "",
                     "data": {"ip_address": record.ip_address, "changes": changes}})
        previous = record
    return rows


class acting_as:  # noqa: N801 - used as a context manager, like a function
    """Changes made outside a request (a Celery task, a command) recorded as `user`'s: the
    history rows name who asked for the work, not an anonymous job."""

    def __init__(self, user):
        self.user = user

    def __enter__(self):
        from types import SimpleNamespace

        self.previous = getattr(HistoricalRecords.context, "request", None)
        if self.previous is None:
            HistoricalRecords.context.request = SimpleNamespace(user=self.user, META={})
        return self

    def __exit__(self, *exc):
        if self.previous is None:
            del HistoricalRecords.context.request
        return False
