"""The database table of the sign-in counters (settings.CACHES["sign_in"]): the token
endpoint's throttle and the failed sign-ins per address no longer need Redis."""
from django.core.management import call_command
from django.db import migrations

TABLE = "accounts_sign_in_counter"


def create(apps, schema_editor):
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias,
                 verbosity=0)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0005_purge_schedule"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
