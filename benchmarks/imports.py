"""A 10,000-row cadre roster imported on PostgreSQL: the dry run, the apply (one transaction,
each row checked by cadres.services.check_cadre, the new ones then registered at once with
their audit rows by cadres.services.register_cadres), and the same file again
(every row unchanged). The issue's target: dry run and apply together under 30 s.

Run with `make bench` (or `python -m benchmarks.imports`). Uses BENCH_IMPORTS_DATABASE_URL
(default: a PostgreSQL database `secondment_bench_imports` on the local server), created on
first use; each run removes the previous run's cadres first.
"""
import datetime
import io
import os
import sys
import time

os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_IMPORTS_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/secondment_bench_imports")
os.environ.pop("REDIS_URL", None)  # the import runs in this process, as a worker would
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secondment.settings")
os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-0123456789")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402

from benchmarks.pages import ensure_database  # noqa: E402

ROWS = 10_000
EXPERTISE = ("农业", "水利", "金融", "工业", "文旅", "教育", "卫生", "数字经济")


def base():
    from accounts.choices import Role
    from accounts.models import User
    from cadres.models import Expertise
    from programs.choices import Level, UnitKind
    from programs.models import Region, Unit

    province, _ = Region.objects.get_or_create(code="330000", defaults={
        "name": "浙江省", "level": Level.PROVINCE})
    department, _ = Unit.objects.get_or_create(name="中共浙江省委组织部", region=province,
                                               defaults={"kind": UnitKind.ORG_DEPARTMENT,
                                                         "level": Level.PROVINCE})
    for i in range(200):
        Unit.objects.get_or_create(name=f"省直单位{i}", region=province, defaults={
            "kind": UnitKind.PROVINCIAL_ORGAN, "level": Level.PROVINCE})
    for name in EXPERTISE:
        Expertise.objects.get_or_create(name=name)
    user, _ = User.objects.get_or_create(username="bench_importer", defaults={
        "role": Role.ORG_STAFF, "unit": department})
    return user


def roster(user):
    from openpyxl import load_workbook

    from cadres.id_numbers import make_id_number
    from imports.exporting import template_file

    workbook = load_workbook(io.BytesIO(template_file("cadres", user)))
    sheet = workbook.worksheets[0]
    headers = [c.value for c in sheet[1]]
    sheet.delete_rows(2)
    for i in range(ROWS):
        born = datetime.date(1965, 1, 1) + datetime.timedelta(days=i * 7 % 12000)
        row = {"姓名": f"导入干部{i}", "身份证号码": make_id_number("330102", born, i // 40 + 1),
               "手机号码": f"139{i:08d}", "工作单位": f"省直单位{i % 200}",
               "职级": "县处级副职", "现任职务": "科长", "籍贯": "浙江省",
               "专业领域": "、".join(EXPERTISE[j % len(EXPERTISE)]
                                   for j in (i, i + 3)[: 1 + i % 2])}
        sheet.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main():
    from cadres.models import Cadre
    from imports import services

    ensure_database()
    call_command("migrate", verbosity=0)
    user = base()
    Cadre.objects.filter(name__startswith="导入干部").delete()
    Cadre.history.filter(name__startswith="导入干部").delete()
    settings.IMPORT_INLINE_BYTES = 100 * 1024 * 1024  # timed here, not on a worker
    content = roster(user)
    print(f"PostgreSQL; a {ROWS:,}-row cadre roster (xlsx, {len(content) / 1024 / 1024:.1f} MB)",
          flush=True)

    started = time.perf_counter()
    job = services.start_import(user, "cadres", SimpleUploadedFile("roster.xlsx", content))
    dry = time.perf_counter() - started
    assert job.counts == {"new": ROWS, "updated": 0, "unchanged": 0, "bad": 0}, job.errors[:3]
    started = time.perf_counter()
    job = services.apply_import(user, job)
    applied = time.perf_counter() - started
    assert job.status == "applied", job.message
    assert Cadre.objects.filter(name__startswith="导入干部").count() == ROWS
    started = time.perf_counter()
    again = services.start_import(user, "cadres", SimpleUploadedFile("roster.xlsx", content))
    unchanged = time.perf_counter() - started
    assert again.counts["unchanged"] == ROWS
    rows = [("dry run (read, check every row through the service, roll back)", dry),
            ("apply (the same, kept in one transaction)", applied),
            ("dry run + apply", dry + applied),
            ("the same file again (every row unchanged)", unchanged)]
    width = max(len(label) for label, _s in rows)
    for label, seconds in rows:
        print(f"{label:<{width}}  {seconds:6.1f} s  {ROWS / seconds:7,.0f} rows/s")
    print(f"target: dry run + apply under 30 s — {'met' if dry + applied < 30 else 'MISSED'}")
    return bomb(user)


def bomb_file(cell_mb=800):
    """The probe's xlsx bomb: a valid workbook whose one cell unpacks to `cell_mb` MB
    (written in chunks, so that making it does not take the memory it is meant to cost)."""
    import zipfile

    chunk = b"a" * (1024 * 1024)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
            'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>'))
        archive.writestr("xl/workbook.xml", (
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="干部" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                        b'2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')
            for _ in range(cell_mb):
                sheet.write(chunk)
            sheet.write(b"</t></is></c></row></sheetData></worksheet>")
    return out.getvalue()


def bomb(user):
    """The issue's target for a bomb: refused in under 2 s, with under 100 MB of memory."""
    import tracemalloc

    from imports import services

    content = bomb_file()
    settings.IMPORT_INLINE_BYTES = 100 * 1024 * 1024  # checked here, as a worker would
    tracemalloc.start()
    started = time.perf_counter()
    job = services.start_import(user, "cadres", SimpleUploadedFile("bomb.xlsx", content))
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    assert job.status == "failed" and "解压后过大" in job.message, job.message
    met = seconds < 2 and peak < 100
    print(f"an xlsx bomb ({len(content) / 1024:,.0f} KB holding an 800 MB cell): refused in "
          f"{seconds:.2f} s, peak {peak:.1f} MB of Python memory beyond the upload — "
          f"target under 2 s and 100 MB: {'met' if met else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
