"""Check the rollups kept in the writers' transactions against the raw rows they count, or
count the differing rows again:
- 纪实月汇总 (placements.diary_months): the diary days per placement and month that count
  towards compliance;
- 成果汇总 (placements.achievement_totals): each placement's achievements in sum.

    manage.py refresh_rollups --check   # exit 1 and name the first rows that differ
    manage.py refresh_rollups           # count the differing rows again
    manage.py refresh_rollups --all     # every row again from the raw rows
"""
from django.core.management.base import BaseCommand, CommandError

from placements import achievement_totals, diary_months


def _diary_key(key):
    pid, month = key
    return f"{pid}/{month:%Y-%m}"


ROLLUPS = (
    # (name, module, how a differing key reads, how the module recounts them)
    ("纪实月汇总", diary_months, _diary_key, diary_months.refresh),
    ("成果汇总", achievement_totals, str, achievement_totals.refresh),
)


class Command(BaseCommand):
    help = "检查或重算纪实月汇总与成果汇总"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="只检查，不修改；有差异时以状态1退出")
        parser.add_argument("--all", action="store_true", help="全部按原始记录重新汇总")

    def handle(self, *args, check=False, all=False, **options):
        problems = []
        for name, module, show, recount in ROLLUPS:
            if all and not check:
                module.rebuild()
            compared, differing = module.differences()
            if differing and not check:
                recount(differing)
            if check and differing:
                shown = "、".join(show(key) for key in differing[:10])
                problems.append(f"{name}：{len(differing)}行与原始记录不一致（{shown}）")
            verb, done = ("检查", "需重算") if check else ("重算", "已重算")
            self.stdout.write(f"{name}{verb}完成：{compared}行，{len(differing)}行{done}")
        if problems:
            raise CommandError("；".join(problems))
