"""The national directory (GB/T 2260: every province, city and county) loaded from the
shipped edition (programs.directory). A database that already holds any of its codes keeps
them as they are (the rest are added); `manage.py load_regions` brings names, parents and
retirements up to an edition."""
from django.db import migrations


def load(apps, schema_editor):
    from programs.directory import load_into_empty

    load_into_empty(apps.get_model("programs", "Region"))


class Migration(migrations.Migration):
    dependencies = [("programs", "0008_region_validity")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
