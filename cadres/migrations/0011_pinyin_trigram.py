from django.db import migrations

from core.trigram import operations


class Migration(migrations.Migration):

    dependencies = [
        ("cadres", "0010_stroke_collation"),
        ("programs", "0011_pinyin_trigram"),  # the extension
    ]

    operations = [migrations.RunPython(*operations("cadres_expertise"))]
