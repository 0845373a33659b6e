from django.db import migrations

from core.pinyin import STROKE_COLLATION


def create(apps, schema_editor):
    # 姓氏笔画 order (core.pinyin.stroke_order): ICU's stroke collation on PostgreSQL; other
    # databases list in pinyin order instead.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'CREATE COLLATION IF NOT EXISTS "{STROKE_COLLATION}" '
                              "(provider = icu, locale = 'zh-u-co-stroke')")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP COLLATION IF EXISTS "{STROKE_COLLATION}"')


class Migration(migrations.Migration):

    dependencies = [
        ("cadres", "0009_pinyin"),
    ]

    operations = [migrations.RunPython(create, drop)]
