"""Check the diary rollups (placements.diary_months' rows) against the raw diary days, or
count the differing months again.

    manage.py refresh_diary_months --check   # exit 1 and name the first months that differ
    manage.py refresh_diary_months           # count the differing months again
    manage.py refresh_diary_months --all     # every row again from the raw days
"""
from django.core.management.base import BaseCommand, CommandError

from placements import diary_months


class Command(BaseCommand):
    help = "检查或重建挂职纪实的月度汇总"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="只检查，不修改；有差异时以状态1退出")
        parser.add_argument("--all", action="store_true", help="全部按原始纪实重新汇总")

    def handle(self, *args, check=False, all=False, **options):
        if all and not check:
            diary_months.rebuild()
        compared, differing = diary_months.differences()
        if check and differing:
            shown = "、".join(f"{pid}/{month:%Y-%m}" for pid, month in differing[:10])
            raise CommandError(f"{len(differing)}个挂职月份的汇总与原始纪实不一致"
                               f"（挂职ID/月份：{shown}）")
        if differing and not check:
            diary_months.refresh(differing)
        verb, done = ("检查", "需重算") if check else ("重算", "已重算")
        self.stdout.write(f"{verb}完成：{compared}个挂职月份，{len(differing)}个{done}")
