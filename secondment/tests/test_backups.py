"""Backup and the restore drill on PostgreSQL: the manifest's counts come from the dump's own
snapshot, the drill restores into a scratch database and finds any difference."""
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from secondment.backups import latest_manifest, make_backup, restore_drill

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def backups(tmp_path, monkeypatch, settings):
    if connection.vendor != "postgresql":
        pytest.fail("the restore drill needs PostgreSQL")
    monkeypatch.setenv("BACKUP_DIR", str(tmp_path / "backups"))
    media = tmp_path / "media" / "work-logs"
    media.mkdir(parents=True)
    (media / "a.pdf").write_bytes(b"%PDF-1.7 evidence")
    return tmp_path / "backups"


def test_a_backup_restores_with_every_row_and_file(world, make, backups, capsys):
    make.placement(world.cadre, world.batch, world.host, status="on_post")
    path = make_backup()
    manifest = json.loads(path.read_text())
    assert manifest["tables"]["placements_placement"] == 1
    assert manifest["tables"]["cadres_cadre"] == 1
    assert manifest["media_files"] == 1
    call_command("restore_drill")
    assert "恢复演练通过" in capsys.readouterr().out
    # The scratch database is gone afterwards.
    with connection.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname LIKE %s", ["%restore_drill"])
        assert cur.fetchone() is None


def test_the_drill_finds_a_difference(world, backups):
    path = make_backup()
    manifest = json.loads(path.read_text())
    manifest["tables"]["programs_program"] += 1  # as if a row were missing from the dump
    path.write_text(json.dumps(manifest))
    result = restore_drill(latest_manifest())
    assert result["mismatches"] == ["programs_program: 备份时3行，恢复后2行"]
    with pytest.raises(CommandError, match="恢复演练未通过"):
        call_command("restore_drill")
