"""Which departments see a cadre, kept as rows: the department → cadre relation that makes a
department's cadre list an index range (`DepartmentCadre`, unique on region and cadre).

A department (org staff, leaders) at region R sees a cadre when R contains the region of the
cadre's employer, the region of the organizer of a program the cadre is nominated or placed
in, or the region of the department whose staff registered or imported the cadre
(cadres.querysets states the rule; this module keeps its answer). A region's path lists its
ancestors' ids, so each source gives its rows without a query per level.

The rows are made again for the cadres concerned in the transaction of every write that
changes the answer: a cadre registered or moved to another employer (Cadre.save,
services.register_cadres), a nomination or placement made or removed, a unit moved to
another region, a region moved in the tree, a program given another organizer or a batch
another program (the receivers in cadres.apps). Only the concerned cadres' rows are touched,
so writers about different cadres never meet. `manage.py refresh_cadre_scope --check`
compares every row with the rule.
"""
from django.apps import apps
from django.db import transaction

CHUNK = 2000

# The sources of the rule: each a path from a cadre to the region whose ancestors see it.
SOURCES = (
    "employer__region__path",
    "placements__batch__program__organizer__region__path",
    "nominations__batch__program__organizer__region__path",
    "registered_by__region__path",
)


def _models():
    return apps.get_model("cadres", "Cadre"), apps.get_model("cadres", "DepartmentCadre")


def expected_rows(cadre_ids) -> set[tuple[int, int]]:
    """(region id, cadre id) for every department region that sees each cadre, by the rule."""
    Cadre, _ = _models()
    rows = set()
    for source in SOURCES:
        for cadre_id, path in (Cadre.objects.filter(pk__in=cadre_ids).order_by()
                               .values_list("pk", source)):
            if path:
                rows.update((int(region), cadre_id) for region in path.strip("/").split("/"))
    return rows


def refresh(cadre_ids):
    """Make the rows of these cadres again (in the caller's transaction)."""
    _, DepartmentCadre = _models()
    cadre_ids = sorted({int(pk) for pk in cadre_ids if pk is not None})
    for start in range(0, len(cadre_ids), CHUNK):
        chunk = cadre_ids[start:start + CHUNK]
        with transaction.atomic():
            DepartmentCadre.objects.filter(cadre__in=chunk).delete()
            # Two writers about one cadre at once (two nominations) may both insert a row:
            # the second skips it (each inserts what its own transaction reads).
            DepartmentCadre.objects.bulk_create(
                [DepartmentCadre(region_id=region, cadre_id=cadre)
                 for region, cadre in expected_rows(chunk)], batch_size=10000,
                ignore_conflicts=True)


def refresh_all():
    """Every cadre's rows (after bulk loads that bypass the models' saves)."""
    Cadre, _ = _models()
    refresh(Cadre.objects.order_by("pk").values_list("pk", flat=True))


def cadres_concerned_by_region(path):
    """The ids of the cadres whose rows depend on the regions under `path` (their employer
    is there, or a program of theirs is organized there)."""
    Cadre, _ = _models()
    ids = set()
    for source in SOURCES:
        ids.update(Cadre.objects.filter(**{f"{source}__startswith": path}).order_by()
                   .values_list("pk", flat=True))
    return ids


def cadres_in_batches(**batch_lookup):
    """The ids of the cadres nominated or placed in the batches `batch_lookup` names
    (`program__in=[…]`, or `pk=…` for one batch)."""
    Cadre, _ = _models()
    ids = set()
    for records in ("placements", "nominations"):
        lookup = {f"{records}__batch__{key}": value for key, value in batch_lookup.items()}
        ids.update(Cadre.objects.filter(**lookup).order_by().values_list("pk", flat=True))
    return ids


def differences() -> tuple[int, list[int]]:
    """(cadres checked, ids of the cadres whose rows differ from the rule)."""
    Cadre, DepartmentCadre = _models()
    checked, differing, last = 0, [], 0
    while True:
        chunk = list(Cadre.objects.filter(pk__gt=last).order_by("pk")
                     .values_list("pk", flat=True)[:CHUNK])
        if not chunk:
            return checked, differing
        stored = set(DepartmentCadre.objects.filter(cadre__in=chunk)
                     .values_list("region_id", "cadre_id"))
        expected = expected_rows(chunk)
        differing += sorted({cadre for _, cadre in stored ^ expected})
        checked += len(chunk)
        last = chunk[-1]
