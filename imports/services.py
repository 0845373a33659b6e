"""The import's steps: upload (the file checked, then its dry run), apply, and the bad-rows
file. Small files run in the request; large ones on the workers, with progress on the page.

A status moves only here, by conditional updates: two clicks on "import" apply once.
"""
import logging
import time

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadres.masking import PERSONAL_FIELDS, mask_value
from core.audit import acting_as
from core.exceptions import InvalidInput, NotAllowed, RuleBroken, Unavailable
from core.queue import BROKER_ERRORS, send

from . import files, running
from .fields import spellings
from .kinds import KINDS
from .models import ImportJob, ImportStatus

logger = logging.getLogger(__name__)


def kinds_for(user):
    return [kind for kind in KINDS.values() if kind.may_import(user)]


def start_import(actor, kind, upload):
    """Keep an uploaded file and run its dry run (in the request when small)."""
    if kind not in KINDS:
        raise InvalidInput(_("请选择导入内容"), fields={"kind": [_("请选择")]})
    if not KINDS[kind].may_import(actor):
        raise NotAllowed(_("您的角色不能导入%s") % KINDS[kind].label)
    if upload is None:
        raise InvalidInput(_("请选择要导入的文件"), fields={"file": [_("请选择文件")]})
    head = upload.read(16)
    upload.seek(0)
    fmt = files.check_upload(upload.name, upload.size, head)
    job = ImportJob.objects.create(kind=kind, original_name=upload.name[:255], file_format=fmt,
                                   uploaded_by=actor)
    job.file.save(f"{job.pk}.{fmt}", ContentFile(upload.read()), save=True)
    if upload.size <= settings.IMPORT_INLINE_BYTES:
        validate(job.pk)
    else:
        _enqueue("validate", job.pk)
    job.refresh_from_db()
    return job


def _claim(job_id, from_statuses, to_status):
    return ImportJob.objects.filter(pk=job_id, status__in=from_statuses).update(
        status=to_status) == 1


def validate(job_id):
    """The dry run: counts and row errors, nothing written."""
    if not _claim(job_id, (ImportStatus.PENDING, ImportStatus.VALIDATING), ImportStatus.VALIDATING):
        return
    job = ImportJob.objects.select_related("uploaded_by").get(pk=job_id)
    started = time.monotonic()
    try:
        with acting_as(job.uploaded_by):
            outcome = running.run(job.kind, job.uploaded_by, _data(job), job.file_format,
                                  job_id=job.pk)
    except InvalidInput as exc:
        _finish(job, ImportStatus.FAILED, message=exc.message, started=started)
        return
    except Exception:
        # Never left "checking" forever: the import fails with a reason the person can act on.
        logger.exception("import %s: dry run failed", job_id)
        _finish(job, ImportStatus.FAILED, started=started,
                message=_("预检时发生系统错误，未写入任何数据；请稍后重试或联系管理员"))
        return
    status = (ImportStatus.VALIDATED if outcome.counts["new"] or outcome.counts["updated"]
              else ImportStatus.UNCHANGED)
    _finish(job, status, started=started, total_rows=outcome.total,
            counts=dict(outcome.counts), errors=outcome.errors, bad_rows=outcome.bad_rows,
            plan=outcome.plan,
            ignored_columns=outcome.ignored, skipped_rows=outcome.skipped,
            validated_at=timezone.now(), message="")


def apply_import(actor, job):
    """Write the good rows of a dry-run file, all in one transaction (large files on the
    workers)."""
    if job.uploaded_by_id != actor.pk:
        raise NotAllowed(_("只能由上传人确认导入"))
    job.refresh_from_db()
    if job.status == ImportStatus.APPLIED:
        raise RuleBroken(_("该文件已导入"), code="already_applied")
    if job.status == ImportStatus.UNCHANGED:
        raise RuleBroken(_("该文件没有需要新增或修改的记录"), code="nothing_to_apply")
    if not job.may_apply:
        raise RuleBroken(_("该文件尚未通过预检，不能导入"), code="not_validated")
    if not _claim(job.pk, (ImportStatus.VALIDATED,), ImportStatus.APPLYING):
        raise RuleBroken(_("该文件正在导入或已导入"), code="already_applied")
    if job.file.size <= settings.IMPORT_INLINE_BYTES:
        apply(job.pk)
    else:
        try:
            _enqueue("apply", job.pk)
        except Unavailable:
            ImportJob.objects.filter(pk=job.pk, status=ImportStatus.APPLYING).update(
                status=ImportStatus.VALIDATED)
            raise
    job.refresh_from_db()
    return job


def apply(job_id):
    job = ImportJob.objects.select_related("uploaded_by").get(pk=job_id)
    if job.status != ImportStatus.APPLYING:
        return  # applied already (a redelivered task), or given back
    started = time.monotonic()
    try:
        with acting_as(job.uploaded_by), transaction.atomic():
            outcome = running.run(job.kind, job.uploaded_by, _data(job), job.file_format,
                                  apply=True, job_id=job.pk, expected_plan=job.plan)
            # The status moves in the same transaction as the rows: applied means written.
            _finish(job, ImportStatus.APPLIED, started=started,
                    applied_counts=dict(outcome.counts), applied_at=timezone.now())
    except running.Changed as changed:
        rows = "、".join(str(n) for n in changed.args[0])
        message = (_("数据在预检后发生了变化（第%s行的结果与预检不同），未写入任何数据；"
                     "请重新上传文件预检") % rows if rows else
                   _("数据在预检后发生了变化，未写入任何数据；请重新上传文件预检"))
        _finish(job, ImportStatus.FAILED, started=started, message=message)
    except InvalidInput as exc:
        _finish(job, ImportStatus.FAILED, started=started, message=exc.message)
    except Exception:
        logger.exception("import %s: apply failed", job_id)
        _finish(job, ImportStatus.FAILED, started=started,
                message=_("导入时发生系统错误，未写入任何数据；请稍后重试或联系管理员"))


def _finish(job, status, started, **fields):
    fields["duration_seconds"] = round(time.monotonic() - started, 2)
    ImportJob.objects.filter(pk=job.pk).update(status=status, **fields)
    running.cache.delete(running.progress_key(job.pk))


def _data(job):
    with job.file.open("rb") as handle:
        return handle.read()


def _enqueue(step, job_id):
    try:
        send("imports.validate" if step == "validate" else "imports.apply", job_id)
    except BROKER_ERRORS as exc:
        logger.warning("import %s not enqueued: %s", job_id, exc)
        raise Unavailable(_("导入服务暂时不可用，请稍后再试（文件已保存，编号%d）") % job_id,
                          code="queue_unavailable") from None


def purge_old_files(days=None):
    """An import's file and row errors hold personal data: kept for `IMPORT_KEEP_DAYS`, then
    deleted (the import's counts stay, as a record of what was done)."""
    from datetime import timedelta

    days = settings.IMPORT_KEEP_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=days)
    purged = 0
    for job in ImportJob.objects.filter(created_at__lt=cutoff).exclude(file="").exclude(
            status__in=(ImportStatus.PENDING, ImportStatus.VALIDATING, ImportStatus.APPLYING)):
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="", errors=[], bad_rows=[], plan="")
        purged += 1
    return purged


def bad_rows_file(job, reader):
    """The bad rows as uploaded, with an error column: to correct and import again. A reader
    who reads personal data masked gets it masked here too (cadres.masking): the file is a
    download from the server like any other."""
    kind = KINDS[job.kind]
    known = [spelling for c in kind.all_columns() for spelling in spellings(c.header)]
    table = files.read_table(_data(job), job.file_format, known)
    if not reader.sees_personal_data:
        personal = {spelling: c.name for c in kind.all_columns() if c.name in PERSONAL_FIELDS
                    for spelling in spellings(c.header)}
        fields = [personal.get(h) for h in table.headers]
        table.rows = [(number, [mask_value(f, cell) if f else cell
                                for f, cell in zip(fields, cells, strict=False)]
                       + list(cells[len(fields):]))
                      for number, cells in table.rows]
    wanted = set(job.bad_rows)
    messages = {}
    for error in job.errors:
        text = f"{error['column']}：{error['message']}" if error["column"] else error["message"]
        messages.setdefault(error["row"], []).append(text)
    keep = [i for i, h in enumerate(table.headers) if h != files.ERROR_HEADER]
    headers = [table.headers[i] for i in keep] + [files.ERROR_HEADER]
    rows = [[cells[i] if i < len(cells) else None for i in keep]
            + ["；".join(messages.get(number, [_("见导入页面")]))]
            for number, cells in table.rows if number in wanted]
    title = _("%s导入错误行") % kind.label
    return files.write_xlsx(headers, rows, title)
