"""Check which departments see each cadre (cadres.scope's rows) against the rule, or make
them again.

    manage.py refresh_cadre_scope --check   # exit 1 and name the first cadres that differ
    manage.py refresh_cadre_scope           # make the rows of the differing cadres again
"""
from django.core.management.base import BaseCommand, CommandError

from cadres import scope


class Command(BaseCommand):
    help = "检查或重建各组织部可见干部的范围"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="只检查，不修改；有差异时以状态1退出")

    def handle(self, *args, check=False, **options):
        checked, differing = scope.differences()
        if check and differing:
            shown = "、".join(str(pk) for pk in differing[:10])
            raise CommandError(f"{len(differing)}名干部的可见范围与规则不一致（干部ID：{shown}）")
        if differing and not check:
            scope.refresh(differing)
        verb, done = ("检查", "需重建") if check else ("重建", "已重建")
        self.stdout.write(f"{verb}完成：{checked}名干部，{len(differing)}名{done}")
