"""The figure and table stamps go, with their triggers (0005, 0006): no answer is cached any
more, and the figure stamps' per-statement upserts made writers of one batch wait for each
other until commit. Going back recreates the tables only (the caches that read them are gone
too)."""
from django.db import migrations

FIGURE_TABLES = ["placements_placement", "placements_demandorder", "placements_nomination",
                 "placements_worklog", "placements_achievement", "placements_appraisal",
                 "placements_allowancestatement", "placements_leave", "programs_program",
                 "programs_batch", "programs_track", "programs_programtarget", "programs_region",
                 "programs_holiday", "programs_unit", "cadres_cadre"]
TABLE_STAMPED = [
    "accounts_user", "programs_region", "programs_unit", "programs_program",
    "programs_program_participants", "programs_track", "programs_batch",
    "programs_programtarget", "programs_allowancepolicy", "programs_holiday",
    "cadres_expertise", "cadres_cadre", "cadres_cadre_expertise", "cadres_cadre_former_units",
    "cadres_relation", "placements_demandorder", "placements_demandorder_expertise",
    "placements_orderevent", "placements_nomination", "placements_matchproposal",
    "placements_placement", "placements_placementevent", "placements_leave",
    "placements_worklog", "placements_inspection", "placements_achievement",
    "placements_appraisal", "placements_allowancestatement", "reports_report",
    "reports_alert", "reports_feedback", "imports_importjob",
]


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in FIGURE_TABLES:
        for name in ("figure_stamp", "figure_stamp_insert", "figure_stamp_update",
                     "figure_stamp_delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    for table in TABLE_STAMPED:
        for name in ("table_stamp_note", "table_stamp", "table_stamp_truncate"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    for function in ("figure_stamp_by_batch()", "figure_stamp_by_placement()",
                     "figure_stamp_above()", "figure_stamp(bigint[])", "table_stamp_note()",
                     "table_stamp()", "table_stamp_truncate()"):
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}")


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0006_table_stamps"),
    ]

    operations = [
        migrations.RunPython(drop_triggers, migrations.RunPython.noop),
        migrations.DeleteModel(name="FigureStamp"),
        migrations.DeleteModel(name="TableStamp"),
    ]
