"""Reviews waiting 5 working days are sent again each working morning: the job is installed
as the others were (0004 installs whatever DEFAULT_SCHEDULES lists and keeps what a
department changed)."""
import importlib

from django.db import migrations

defaults = importlib.import_module("reports.migrations.0004_default_schedules")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0011_later_use_report"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(defaults.install, migrations.RunPython.noop)]
