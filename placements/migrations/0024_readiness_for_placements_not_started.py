"""Placements not yet started get their program's 接收准备 checklist, as new ones do."""
from django.db import migrations


def add_checklists(apps, schema_editor):
    Placement = apps.get_model("placements", "Placement")
    ReadinessItem = apps.get_model("placements", "ReadinessItem")
    rows = []
    not_started = Placement.objects.filter(status__in=["planned", "training"])
    for pk, checklist in not_started.values_list("pk", "batch__program__readiness_checklist"):
        rows += [ReadinessItem(placement_id=pk, position=i, label=label)
                 for i, label in enumerate(checklist or [])]
    ReadinessItem.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("placements", "0023_term_extension_readiness_handover_return"),
        ("programs", "0017_program_readiness_checklist"),
    ]

    operations = [migrations.RunPython(add_checklists, migrations.RunPython.noop)]
