"""Loading the placement a step acts on, and locking one of its records: the related rows
every permission check reads come in the same query."""
from ..models import Placement

_WITH_PLACEMENT = ("placement__cadre", "placement__batch__program")


def fresh_placement(placement, lock=False):
    """The placement as the database has it now, with its cadre and program; `lock` holds its
    row until the transaction ends (two steps on one placement at once wait for each other).

    Every lock here is FOR NO KEY UPDATE: no step changes a key, and a record written about
    the placement meanwhile (its foreign key checked at commit, which takes a key-share lock)
    must not wait for it. With FOR UPDATE, a diary day being confirmed (holding its month's
    rollup row, placements.diary_months) and the cadre's next day (holding the placement,
    waiting for that row) deadlocked at the first one's commit."""
    qs = Placement.objects.select_related("cadre", "batch__program", "track")
    if lock:
        qs = qs.select_for_update(of=("self",), no_key=True)
    return qs.get(pk=placement.pk)


def lock_record(record):
    """A record of a placement (log, leave, achievement …) locked for the step changing it."""
    return (type(record).objects.select_for_update(of=("self",), no_key=True)
            .select_related(*_WITH_PLACEMENT).get(pk=record.pk))
