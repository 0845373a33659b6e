"""manage.py make_bench_data --scale small|national: the benchmarks' data on PostgreSQL."""
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from demo.benchdata import PASSWORD, SCALES, build


class Command(BaseCommand):
    help = "生成基准测试数据（small 或 national 规模），写入一个空的 PostgreSQL 数据库"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--reset", action="store_true",
                            help="先清空数据库中的全部数据（仅用于基准测试数据库）")

    def handle(self, scale, reset, **options):
        from cadres.models import Cadre

        if connection.vendor != "postgresql":
            raise CommandError("基准数据只在 PostgreSQL 上生成（set-based SQL）")
        if Cadre.objects.exists():
            if not reset:
                raise CommandError("数据库中已有数据；用于基准测试的数据库可加 --reset 清空后生成")
            call_command("flush", interactive=False, verbosity=0)
        started = time.monotonic()
        build(SCALES[scale], log=lambda text: self.stdout.write(text))
        from placements.models import Achievement, Placement, WorkLog

        self.stdout.write(self.style.SUCCESS(
            f"{scale}: {Cadre.objects.count():,} cadres, {Placement.objects.count():,} "
            f"placements, {WorkLog.objects.count():,} work logs, "
            f"{Achievement.objects.count():,} achievements in "
            f"{time.monotonic() - started:.0f} s; logins bench_staff_<province code> "
            f"(password {PASSWORD})"))
