from django.db import migrations

from core.trigram import operations


class Migration(migrations.Migration):

    dependencies = [
        ("placements", "0015_pinyin"),
        ("programs", "0011_pinyin_trigram"),  # the extension
    ]

    operations = [migrations.RunPython(*operations("placements_demandorder"))]
