from django.db import migrations

from core.trigram import operations


class Migration(migrations.Migration):

    dependencies = [
        ("programs", "0010_pinyin"),
    ]

    operations = [migrations.RunPython(*operations("programs_unit")),
                  migrations.RunPython(*operations("programs_region"))]
