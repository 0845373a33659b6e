import json

from django.conf import settings
from django.db import migrations


def install(apps, schema_editor):
    from reports.schedules import DEFAULT_SCHEDULES

    crontabs = apps.get_model("django_celery_beat", "CrontabSchedule")
    tasks = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, (minute, hour, dom, moy, dow), kwargs in DEFAULT_SCHEDULES:
        crontab, _ = crontabs.objects.get_or_create(
            minute=minute, hour=hour, day_of_month=dom, month_of_year=moy, day_of_week=dow,
            timezone=settings.TIME_ZONE)
        tasks.objects.get_or_create(name=name, defaults={
            "task": task, "crontab": crontab, "kwargs": json.dumps(kwargs),
            "enabled": True})


def remove(apps, schema_editor):
    from reports.schedules import DEFAULT_SCHEDULES

    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=[s[0] for s in DEFAULT_SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_report_runs_and_schedules"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, remove)]
