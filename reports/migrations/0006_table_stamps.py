"""Table stamps (reports.models.TableStamp) and the PostgreSQL triggers that keep them, on
every table an API list reads:

- a statement trigger notes the table in a setting local to the transaction;
- a deferred row trigger, at commit, moves the counters of every table noted, in one
  statement and in name order (the first event does it and empties the note; the others
  return at once). One order for all: two transactions committing at once, each having
  written the other's tables, wait for each other instead of deadlocking;
- TRUNCATE moves its table's counter at once. Histories, the security log and the stamps
themselves are left out: a list that reads them is never cached."""
from django.db import migrations, models

TABLES = [
    "accounts_user",
    "programs_region", "programs_unit", "programs_program", "programs_program_participants",
    "programs_track", "programs_batch", "programs_programtarget", "programs_allowancepolicy",
    "programs_holiday",
    "cadres_expertise", "cadres_cadre", "cadres_cadre_expertise", "cadres_cadre_former_units",
    "cadres_relation",
    "placements_demandorder", "placements_demandorder_expertise", "placements_orderevent",
    "placements_nomination", "placements_matchproposal", "placements_placement",
    "placements_placementevent", "placements_leave", "placements_worklog",
    "placements_inspection", "placements_achievement", "placements_appraisal",
    "placements_allowancestatement",
    "reports_report", "reports_alert", "reports_feedback",
    "imports_importjob",
]

FUNCTIONS = """
CREATE OR REPLACE FUNCTION table_stamp_note() RETURNS trigger AS $$
DECLARE
    pending text := coalesce(current_setting('table_stamp.pending', true), '');
BEGIN
    IF position(',' || TG_TABLE_NAME || ',' IN pending) = 0 THEN
        PERFORM set_config('table_stamp.pending',
                           coalesce(nullif(pending, ''), ',') || TG_TABLE_NAME || ',', true);
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION table_stamp() RETURNS trigger AS $$
DECLARE
    pending text := coalesce(current_setting('table_stamp.pending', true), '');
BEGIN
    IF pending <> '' THEN
        PERFORM set_config('table_stamp.pending', '', true);
        INSERT INTO reports_tablestamp (table_name, n)
        SELECT DISTINCT name, 1 FROM unnest(string_to_array(trim(BOTH ',' FROM pending), ','))
            AS name
        WHERE name <> '' ORDER BY name
        ON CONFLICT (table_name) DO UPDATE SET n = reports_tablestamp.n + 1;
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION table_stamp_truncate() RETURNS trigger AS $$
BEGIN
    INSERT INTO reports_tablestamp (table_name, n) VALUES (TG_TABLE_NAME, 1)
    ON CONFLICT (table_name) DO UPDATE SET n = reports_tablestamp.n + 1;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
"""


def _statements():
    yield FUNCTIONS
    for table in TABLES:
        yield (f"CREATE TRIGGER table_stamp_note AFTER INSERT OR UPDATE OR DELETE ON {table} "
               f"FOR EACH STATEMENT EXECUTE FUNCTION table_stamp_note()")
        yield (f"CREATE CONSTRAINT TRIGGER table_stamp AFTER INSERT OR UPDATE OR DELETE "
               f"ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
               f"EXECUTE FUNCTION table_stamp()")
        # TRUNCATE has no rows to defer: its stamp moves at once (it locks the table whole).
        yield (f"CREATE TRIGGER table_stamp_truncate AFTER TRUNCATE ON {table} "
               f"FOR EACH STATEMENT EXECUTE FUNCTION table_stamp_truncate()")


def _drop_statements():
    for table in TABLES:
        for name in ("table_stamp_note", "table_stamp", "table_stamp_truncate"):
            yield f"DROP TRIGGER IF EXISTS {name} ON {table}"
    for name in ("table_stamp_note", "table_stamp", "table_stamp_truncate"):
        yield f"DROP FUNCTION IF EXISTS {name}()"


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements():
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0005_figure_stamps"),
        ("accounts", "0005_purge_schedule"),
        ("programs", "0003_text_limits"),
        ("cadres", "0002_audit_trail"),
        ("placements", "0011_worklog_indexes_carry_placement"),
        ("imports", "0002_purge_schedule"),
    ]

    operations = [
        migrations.CreateModel(
            name="TableStamp",
            fields=[
                ("table_name", models.CharField(max_length=63, primary_key=True, serialize=False, verbose_name="数据表")),
                ("n", models.BigIntegerField(default=0, verbose_name="变更次数")),
            ],
            options={
                "verbose_name": "列表数据版本",
                "verbose_name_plural": "列表数据版本",
            },
        ),
        migrations.RunPython(_run(_statements), _run(_drop_statements)),
    ]
