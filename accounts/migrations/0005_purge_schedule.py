from django.conf import settings
from django.db import migrations

NAME = "安全事件清理（每天 03:30，保留180天）"


def install(apps, schema_editor):
    crontabs = apps.get_model("django_celery_beat", "CrontabSchedule")
    tasks = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = crontabs.objects.get_or_create(
        minute="30", hour="3", day_of_month="*", month_of_year="*", day_of_week="*",
        timezone=settings.TIME_ZONE)
    tasks.objects.get_or_create(name=NAME, defaults={
        "task": "accounts.purge_security_events", "crontab": crontab, "kwargs": "{}"})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_security_events_append_only"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, remove)]
