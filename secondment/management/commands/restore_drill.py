from django.core.management.base import BaseCommand, CommandError

from secondment.backups import restore_drill


class Command(BaseCommand):
    help = "恢复演练：将最新备份恢复到临时数据库，与备份清单逐表核对行数，核对附件后删除临时库"

    def add_arguments(self, parser):
        parser.add_argument("--manifest", help="指定备份清单（默认最新）")

    def handle(self, *args, **options):
        result = restore_drill(options.get("manifest"))
        if result["mismatches"]:
            raise CommandError("恢复演练未通过：\n" + "\n".join(result["mismatches"]))
        self.stdout.write(self.style.SUCCESS(
            f"恢复演练通过：{result['manifest']}，{result['tables']}张表共{result['rows']}行、"
            f"{result['media_files']}个附件与清单一致"))
