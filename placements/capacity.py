"""How many more cadres a host unit may take in a batch: the batch's cap per host unit
(seats of this batch) and the program's share of the unit's leadership team (all its seconded
cadres on post or about to be, whatever the batch: 同一领导班子交流不超过三分之一). What the
placing function, the matching, its "why not" and the second round read."""
from django.db.models import Count

from .choices import ACTIVE_PLACEMENT_STATUSES
from .models import Placement


def _share(program) -> tuple[int, int] | None:
    if not program.leadership_share:
        return None
    numerator, denominator = program.leadership_share.split("/")
    return int(numerator), int(denominator)


def team_cap(unit, program) -> int | None:
    share = _share(program)
    if not unit.leadership_size or share is None:
        return None
    return unit.leadership_size * share[0] // share[1]


def team_room(batch, units) -> dict[int, int]:
    """{unit id: how many more seconded cadres its leadership team may take} for those of
    `units` (ids) with a team size, under the batch's program's share; the batch's own cap
    per host unit is the engine's to apply beside it."""
    from programs.models import Unit

    share = _share(batch.program)
    if share is None:
        return {}
    sized = dict(Unit.objects.filter(pk__in=units, leadership_size__isnull=False)
                 .values_list("pk", "leadership_size"))
    if not sized:
        return {}
    active = dict(Placement.objects.filter(host_unit__in=sized,
                                           status__in=ACTIVE_PLACEMENT_STATUSES)
                  .values_list("host_unit").annotate(n=Count("pk")).order_by())
    return {unit: max(size * share[0] // share[1] - active.get(unit, 0), 0)
            for unit, size in sized.items()}
