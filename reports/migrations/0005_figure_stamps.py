"""Figure stamps (reports.models.FigureStamp) and the PostgreSQL triggers that keep them: a
statement-level trigger per write on the tables figures read, counting once per batch the
statement touched (its rows' batches, or their placements' batches), in the same
transaction. Batch 0 stands for the rows above batches."""
from django.db import migrations, models

# Tables whose rows carry batch_id, and those under a placement.
BY_BATCH = ["placements_placement", "placements_demandorder", "placements_nomination"]
BY_PLACEMENT = ["placements_worklog", "placements_achievement", "placements_appraisal",
                "placements_allowancestatement", "placements_leave"]
# Read by figures whole (statement-level: they change seldom) …
ABOVE = ["programs_program", "programs_batch", "programs_track", "programs_programtarget",
         "programs_region", "programs_holiday"]
# … or by a few columns (row-level, only when one of them changes: cadres and units are
# edited and imported often, and most edits change nothing a figure shows).
ABOVE_COLUMNS = {"programs_unit": ["name", "kind", "region_id", "parent_id"],
                 "cadres_cadre": ["name"]}

FUNCTIONS = """
CREATE OR REPLACE FUNCTION figure_stamp(batch_ids bigint[]) RETURNS void AS $$
    INSERT INTO reports_figurestamp (batch_id, n)
    SELECT DISTINCT b, 1 FROM unnest(batch_ids) AS b WHERE b IS NOT NULL ORDER BY b
    ON CONFLICT (batch_id) DO UPDATE SET n = reports_figurestamp.n + 1;
$$ LANGUAGE sql;

CREATE OR REPLACE FUNCTION figure_stamp_by_batch() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM figure_stamp(ARRAY(SELECT DISTINCT batch_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM figure_stamp(ARRAY(SELECT DISTINCT batch_id FROM old_rows));
    ELSE
        PERFORM figure_stamp(ARRAY(SELECT batch_id FROM new_rows
                                   UNION SELECT batch_id FROM old_rows));
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION figure_stamp_by_placement() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM figure_stamp(ARRAY(SELECT DISTINCT p.batch_id FROM placements_placement p
                                   WHERE p.id IN (SELECT placement_id FROM new_rows)));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM figure_stamp(ARRAY(SELECT DISTINCT p.batch_id FROM placements_placement p
                                   WHERE p.id IN (SELECT placement_id FROM old_rows)));
    ELSE
        PERFORM figure_stamp(ARRAY(SELECT DISTINCT p.batch_id FROM placements_placement p
                                   WHERE p.id IN (SELECT placement_id FROM new_rows
                                                  UNION SELECT placement_id FROM old_rows)));
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION figure_stamp_above() RETURNS trigger AS $$
BEGIN
    PERFORM figure_stamp(ARRAY[0::bigint]);
    RETURN NULL;
END $$ LANGUAGE plpgsql;
"""


def _statements():
    yield FUNCTIONS
    for kind, tables in (("batch", BY_BATCH), ("placement", BY_PLACEMENT)):
        for table in tables:
            # A trigger with transition tables answers one event.
            for event, refs in (("INSERT", "NEW TABLE AS new_rows"),
                                ("UPDATE", "NEW TABLE AS new_rows OLD TABLE AS old_rows"),
                                ("DELETE", "OLD TABLE AS old_rows")):
                yield (f"CREATE TRIGGER figure_stamp_{event.lower()} AFTER {event} ON {table} "
                       f"REFERENCING {refs} FOR EACH STATEMENT "
                       f"EXECUTE FUNCTION figure_stamp_by_{kind}()")
    for table in ABOVE:
        yield (f"CREATE TRIGGER figure_stamp AFTER INSERT OR UPDATE OR DELETE ON {table} "
               "FOR EACH STATEMENT EXECUTE FUNCTION figure_stamp_above()")
    for table, columns in ABOVE_COLUMNS.items():
        changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)
        yield (f"CREATE TRIGGER figure_stamp AFTER UPDATE ON {table} FOR EACH ROW "
               f"WHEN ({changed}) EXECUTE FUNCTION figure_stamp_above()")
        yield (f"CREATE TRIGGER figure_stamp_delete AFTER DELETE ON {table} "
               "FOR EACH STATEMENT EXECUTE FUNCTION figure_stamp_above()")


def _drop_statements():
    for table in BY_BATCH + BY_PLACEMENT:
        for event in ("insert", "update", "delete"):
            yield f"DROP TRIGGER IF EXISTS figure_stamp_{event} ON {table}"
    for table in ABOVE + list(ABOVE_COLUMNS):
        yield f"DROP TRIGGER IF EXISTS figure_stamp ON {table}"
        yield f"DROP TRIGGER IF EXISTS figure_stamp_delete ON {table}"
    for name in ("figure_stamp_by_batch", "figure_stamp_by_placement", "figure_stamp_above"):
        yield f"DROP FUNCTION IF EXISTS {name}()"
    yield "DROP FUNCTION IF EXISTS figure_stamp(bigint[])"


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements():
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0004_default_schedules'),
        ('placements', '0010_batch_order_index'),
        ('programs', '0003_text_limits'),
        ('cadres', '0002_audit_trail'),
    ]

    operations = [
        migrations.CreateModel(
            name='FigureStamp',
            fields=[
                ('batch_id', models.BigIntegerField(primary_key=True, serialize=False, verbose_name='批次编号')),
                ('n', models.BigIntegerField(default=0, verbose_name='变更次数')),
            ],
            options={
                'verbose_name': '统计数据版本',
                'verbose_name_plural': '统计数据版本',
            },
        ),
        migrations.RunPython(_run(_statements), _run(_drop_statements)),
    ]
