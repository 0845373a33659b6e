"""Load the public holidays of past years (programs.holidays): `manage.py load_holidays`
for every past year the package holds that the staff do not keep yet, or `--year 2017`."""
from django.core.management.base import BaseCommand, CommandError

from programs import holidays


class Command(BaseCommand):
    help = "载入往年法定节假日与调休上班日（已由工作人员维护的年份不变）"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", dest="years",
                            help="只载入该年份（可重复）")
        parser.add_argument("--dry-run", action="store_true", help="只显示将写入的天数")

    def handle(self, *args, years=None, dry_run=False, **options):
        available = holidays.published()
        unknown = [y for y in years or () if y not in available]
        if unknown:
            raise CommandError(f"没有 {', '.join(map(str, unknown))} 年的节假日数据"
                               f"（可用：{min(available)}–{max(available)}）")
        outcome = holidays.load(years, dry_run=dry_run)
        verb = "将写入" if dry_run else "已写入"
        for year, days in outcome.loaded.items():
            self.stdout.write(f"{year}：{verb} {days} 天")
        for year in outcome.kept:
            self.stdout.write(f"{year}：已有工作人员维护的记录，未改动")
        if not outcome.loaded and not outcome.kept:
            self.stdout.write("没有需要载入的年份")
