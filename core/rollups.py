"""Rollup rows kept in the writer's transaction: a row per key (a placement, a placement and a
month) holding figures counted from raw rows, so that a national figure reads a row per key
instead of every raw row.

`recount` is the one protocol: lock the keys' rows first (an upsert in key order, which
makes a missing row or takes the existing one's lock), then count from the raw rows. Under
READ COMMITTED each statement sees what committed before it, so two writers of one key take
turns on its row and the second counts the first's write; counting before the lock would
miss it. Writers of different keys never meet. Counting again, rather than adding one, keeps
a row right whatever changed."""
from itertools import islice

from django.db import transaction

CHUNK = 2000
REPLACE_CHUNK = 10000


def recount(model, key_fields, keys, figures, fields):
    """Count the rows of `keys` (tuples of `key_fields` values) again. `figures(keys)` →
    {key: {field: value}} from the raw rows; a key it leaves out gets each field's default.
    Runs in the caller's transaction (or its own)."""
    keys = sorted(set(keys))
    defaults = {name: model._meta.get_field(name).get_default() for name in fields}
    # A key of a foreign key is its id: the model is built with the column's name.
    columns = [model._meta.get_field(name).attname for name in key_fields]
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start:start + CHUNK]
        with transaction.atomic():
            # Each row set to the defaults and locked, made if missing; PostgreSQL returns
            # the rows' keys, so nothing is read back.
            rows = model.objects.bulk_create(
                [model(**dict(zip(columns, key, strict=True)), **defaults) for key in chunk],
                update_conflicts=True, unique_fields=key_fields, update_fields=fields)
            counted = figures(chunk)
            changed = []
            for key, row in zip(chunk, rows, strict=True):
                values = counted.get(key, defaults)
                if any(values[name] != defaults[name] for name in fields):
                    for name in fields:
                        setattr(row, name, values[name])
                    changed.append(row)
            model.objects.bulk_update(changed, fields, batch_size=1000)


def replace_all(model, rows):
    """Every row of `model` replaced by `rows` (unsaved instances, an iterable), in one
    transaction: a migration's backfill and the repair of a whole rollup."""
    rows = iter(rows)
    with transaction.atomic():
        model.objects.all().delete()
        while chunk := list(islice(rows, REPLACE_CHUNK)):
            model.objects.bulk_create(chunk)


def differing(want: dict, have: dict) -> tuple[int, list]:
    """(keys compared, the sorted keys whose stored figures differ from the counted ones),
    a missing row counting as a row of zeros left out of both."""
    keys = want.keys() | have.keys()
    return len(keys), sorted(key for key in keys if want.get(key) != have.get(key))
