"""No two placements of one cadre with overlapping dates, enforced by PostgreSQL itself.

An exclusion constraint over a date range needs btree_gist for the equality on cadre_id.
It exists only on PostgreSQL; on SQLite (the quick start) Placement.clean() checks the same
rule, and the services call it on every database.
"""
from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE placements_placement ADD CONSTRAINT placements_placement_no_overlap
EXCLUDE USING gist (
    cadre_id WITH =,
    daterange(start_date, COALESCE(actual_end_date, planned_end_date), '[]') WITH &&
);
"""
DROP = "ALTER TABLE placements_placement DROP CONSTRAINT IF EXISTS placements_placement_no_overlap;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("placements", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
