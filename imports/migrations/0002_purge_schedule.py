from django.conf import settings
from django.db import migrations

NAME = "导入文件清理（每天 03:40，保留30天）"


def install(apps, schema_editor):
    crontabs = apps.get_model("django_celery_beat", "CrontabSchedule")
    tasks = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = crontabs.objects.get_or_create(
        minute="40", hour="3", day_of_month="*", month_of_year="*", day_of_week="*",
        timezone=settings.TIME_ZONE)
    tasks.objects.get_or_create(name=NAME, defaults={
        "task": "imports.purge_files", "crontab": crontab, "kwargs": "{}"})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, remove)]
