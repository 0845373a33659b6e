"""manage.py import_data KIND FILE --user NAME [--dry-run]: the page's import from a shell,
as that user (the same checks, scoping and services), printing the counts and row errors."""
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from core.exceptions import ServiceError
from imports import services
from imports.kinds import KINDS
from imports.models import ImportStatus


class Command(BaseCommand):
    help = "导入单位、干部、需求订单、推荐或挂职（xlsx/csv），先预检，再在一个事务中写入"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="以该用户的身份和权限导入")
        parser.add_argument("--dry-run", action="store_true", help="只预检，不写入")

    def handle(self, kind, file, user, dry_run, **options):
        try:
            actor = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist:
            raise CommandError(f"用户 {user} 不存在") from None
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件 {file} 不存在")
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        # A shell waits for its work: no worker is needed, whatever the file's size.
        from django.conf import settings

        settings.IMPORT_INLINE_BYTES = max(settings.IMPORT_INLINE_BYTES, upload.size)
        try:
            job = services.start_import(actor, kind, upload)
            if job.status == ImportStatus.FAILED:
                raise CommandError(job.message)
            self._report(job.counts, job.errors)
            if dry_run:
                self.stdout.write(f"预检完成（导入编号 {job.pk}），未写入任何数据。")
                return
            if not job.may_apply:
                self.stdout.write("没有需要新增或修改的记录。")
                return
            job = services.apply_import(actor, job)
        except ServiceError as exc:
            raise CommandError(exc.message) from None
        if job.status != ImportStatus.APPLIED:
            raise CommandError(job.message)
        counts = job.applied_counts
        self.stdout.write(self.style.SUCCESS(
            f"已导入：新增 {counts.get('new', 0)} 条，修改 {counts.get('updated', 0)} 条"
            f"（导入编号 {job.pk}）。"))

    def _report(self, counts, errors):
        self.stdout.write(
            f"新增 {counts.get('new', 0)}，修改 {counts.get('updated', 0)}，"
            f"未变 {counts.get('unchanged', 0)}，有错误 {counts.get('bad', 0)}")
        for error in errors:
            column = f"「{error['column']}」" if error["column"] else ""
            self.stderr.write(f"第{error['row']}行{column}：{error['message']}")
