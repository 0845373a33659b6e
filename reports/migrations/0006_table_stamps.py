"""Table stamps (reports.models.TableStamp) and the PostgreSQL triggers that keep them: a
deferred row trigger on every table an API list reads, which moves its table's counter once
per transaction, at commit (the first row's event does it and marks the transaction in a
local setting; the others return at once), and a statement trigger for TRUNCATE. Histories, the security log and the stamps
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

FUNCTION = """
CREATE OR REPLACE FUNCTION table_stamp() RETURNS trigger AS $$
BEGIN
    IF current_setting('table_stamp.' || TG_TABLE_NAME, true) IS DISTINCT FROM 'moved' THEN
        PERFORM set_config('table_stamp.' || TG_TABLE_NAME, 'moved', true);
        INSERT INTO reports_tablestamp (table_name, n) VALUES (TG_TABLE_NAME, 1)
        ON CONFLICT (table_name) DO UPDATE SET n = reports_tablestamp.n + 1;
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
"""


def _statements():
    yield FUNCTION
    for table in TABLES:
        yield (f"CREATE CONSTRAINT TRIGGER table_stamp AFTER INSERT OR UPDATE OR DELETE "
               f"ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
               f"EXECUTE FUNCTION table_stamp()")
        # TRUNCATE has no rows: a statement trigger (TRUNCATE is never deferred work).
        yield (f"CREATE TRIGGER table_stamp_truncate AFTER TRUNCATE ON {table} "
               f"FOR EACH STATEMENT EXECUTE FUNCTION table_stamp()")


def _drop_statements():
    for table in TABLES:
        yield f"DROP TRIGGER IF EXISTS table_stamp ON {table}"
        yield f"DROP TRIGGER IF EXISTS table_stamp_truncate ON {table}"
    yield "DROP FUNCTION IF EXISTS table_stamp()"


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
