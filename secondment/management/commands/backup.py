from django.core.management.base import BaseCommand

from secondment.backups import make_backup


class Command(BaseCommand):
    help = "备份数据库（pg_dump）与附件，并写入同一快照的各表行数清单（BACKUP_DIR）"

    def handle(self, *args, **options):
        path = make_backup()
        self.stdout.write(self.style.SUCCESS(f"备份完成：{path}"))
