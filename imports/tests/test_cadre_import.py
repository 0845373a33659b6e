"""Cadres from a filled template: dry run, apply, re-import, edits, and each bad cell."""

from cadres.id_numbers import make_id_number
from cadres.models import Cadre
from imports import services
from imports.models import ImportStatus

from .conftest import upload

D = __import__("datetime").date


def person(n, employer="浙江省农业农村厅", **extra):
    number = make_id_number("330102", D(1980 + n % 20, 1 + n % 12, 1 + n % 28), 100 + n)
    return {"姓名": f"干部{n}", "身份证号码": number, "工作单位": employer, "职级": "县处级副职",
            "专业领域": "", **extra}


def test_dry_run_then_apply_then_the_same_file_changes_nothing(world, fill):
    content = fill("cadres", world.staff, [person(1), person(2, 专业领域="")])
    job = services.start_import(world.staff, "cadres", upload(content))
    assert job.status == ImportStatus.VALIDATED, job.message
    assert job.counts == {"new": 2, "updated": 0, "unchanged": 0, "bad": 0}, job.errors
    assert not Cadre.objects.filter(name__startswith="干部").exists()
    services.apply_import(world.staff, job)
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED, job.message
    assert Cadre.objects.filter(name__startswith="干部").count() == 2
    again = services.start_import(world.staff, "cadres", upload(content))
    assert again.counts == {"new": 0, "updated": 0, "unchanged": 2, "bad": 0}
