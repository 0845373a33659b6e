"""Check the cadres' name search terms against their names, or make them again.

    manage.py index_cadre_names --check   # exit 1 and list the first differences, if any
    manage.py index_cadre_names           # rebuild the terms of every cadre that differs
"""
from django.core.management.base import BaseCommand, CommandError

from cadres.models import Cadre, CadreSearchTerm
from cadres.search import index_names, terms_of

CHUNK = 5000


class Command(BaseCommand):
    help = "检查或重建干部姓名检索词（汉字、全拼、首字母）"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="只检查，不修改；有差异时以状态1退出")

    def handle(self, *args, check=False, **options):
        stale, checked, last = [], 0, 0
        while True:
            chunk = list(Cadre.objects.filter(pk__gt=last).order_by("pk").only("pk", "name")
                         [:CHUNK])
            if not chunk:
                break
            stored = {}
            for cadre_id, term in CadreSearchTerm.objects.filter(
                    cadre__in=[c.pk for c in chunk]).values_list("cadre_id", "term"):
                stored.setdefault(cadre_id, set()).add(term)
            differing = [c for c in chunk if stored.get(c.pk, set()) != terms_of(c.name)]
            if differing and not check:
                index_names(differing)
            stale += differing
            checked += len(chunk)
            last = chunk[-1].pk
        if check and stale:
            shown = "、".join(f"{c.name}（{c.pk}）" for c in stale[:10])
            raise CommandError(f"{len(stale)}名干部的检索词与姓名不一致：{shown}")
        verb, done = ("检查", "需重建") if check else ("重建", "已重建")
        self.stdout.write(f"{verb}完成：{checked}名干部，{len(stale)}名{done}")
