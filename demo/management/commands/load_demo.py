from django.core.management.base import BaseCommand

from demo.loader import DEMO_PASSWORD, DemoLoader


class Command(BaseCommand):
    help = "载入演示数据：五篇来源报道中的项目、批次、单位、干部与挂职（可重复执行）"

    def handle(self, *args, **options):
        DemoLoader(log=self.stdout.write).load()
        self.stdout.write(self.style.SUCCESS(
            f"演示数据已就绪。演示账号密码均为 {DEMO_PASSWORD}（见 README）。"))
