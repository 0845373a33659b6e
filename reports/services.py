"""The reports app's steps: reports requested, feedback given and answered."""
import logging

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.choices import Role
from core.exceptions import InvalidInput, NotAllowed, RuleBroken, Unavailable, predicate
from core.queue import BROKER_ERRORS, send
from core.text import has_visible

from .choices import ReportFormat, ReportKind
from .models import Feedback, Report

logger = logging.getLogger(__name__)

MAX_FEEDBACK = 2000


def _text(value, field, message):
    text = (value or "").strip()
    if not has_visible(text):
        raise InvalidInput(message, fields={field: [message]})
    if len(text) > MAX_FEEDBACK:
        too_long = _("不能超过%d字") % MAX_FEEDBACK
        raise InvalidInput(too_long, fields={field: [too_long]})
    return text


def give_feedback(author, content, page=""):
    return Feedback.objects.create(author=author, page=(page or "")[:300],
                                   content=_text(content, "content", _("请填写意见建议")))


def check_answer_feedback(user, feedback=None):
    if not user.is_superuser and user.role != Role.ORG_STAFF:
        raise NotAllowed()
    if feedback is not None and feedback.handled_at:
        raise RuleBroken(_("该意见建议已答复"), code="feedback_answered")


can_answer_feedback = predicate(check_answer_feedback)


def answer_feedback(feedback, actor, reply):
    check_answer_feedback(actor)
    reply = _text(reply, "reply", _("请填写答复内容"))
    with transaction.atomic():
        feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
        check_answer_feedback(actor, feedback)
        feedback.reply, feedback.handled_by, feedback.handled_at = reply, actor, timezone.now()
        feedback.save(update_fields=["reply", "handled_by", "handled_at"])
        return feedback


# --- Reports ----------------------------------------------------------------------------------

REPORT_ROLES = (Role.ORG_STAFF, Role.MANAGER)


def may_request_reports(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in REPORT_ROLES)


def check_request(user, kind, format, program=None, batch=None, period_start=None,
                  period_end=None, as_of=None, parameters=None):
    """The request as it will be built, or a refusal: 403 for a role that reads no reports,
    400 for a request its kind cannot answer. `program` and `batch` come already scoped to
    the user (the API's and the form's choices are visible_to(user))."""
    from .kinds import PARAMETER_CHOICES, SPECS, default_period

    if not may_request_reports(user):
        raise NotAllowed(_("只有组织部工作人员和领导可以申请报表"))
    spec = SPECS.get(kind)
    if spec is None or format not in ReportFormat.values:
        raise InvalidInput(_("报表类型或格式不正确"), fields={"kind": [_("请选择报表类型")]})
    if batch is not None:
        if program is not None and batch.program_id != program.pk:
            raise InvalidInput(_("所选批次不属于所选项目"), fields={"batch": [_("不属于该项目")]})
        program = batch.program
    if spec.needs_program and program is None:
        message = _("%s报表须指定项目") % ReportKind(kind).label
        raise InvalidInput(message, fields={"program": [_("请选择项目")]})
    today = timezone.localdate()
    if as_of is not None:
        if not spec.supports_as_of:
            message = _("%s反映当前状态，不能指定数据截至日期") % ReportKind(kind).label
            raise InvalidInput(message, fields={"as_of": [message]})
        if as_of > today:
            raise InvalidInput(_("数据截至日期不能晚于今天"), fields={"as_of": [_("不能晚于今天")]})
    if period_start is None and period_end is None:
        period_start, period_end = default_period(kind, today)
    if period_start and period_end and period_end < period_start:
        raise InvalidInput(_("统计截止日期不能早于起始日期"),
                           fields={"period_end": [_("不能早于起始日期")]})
    # A period that is over is reported as it stood at its end, so it regenerates the same.
    if as_of is None and spec.as_of_period_end and period_end and period_end < today:
        as_of = period_end
    parameters = dict(parameters or {})
    for key, value in parameters.items():
        if key not in PARAMETER_CHOICES or value not in PARAMETER_CHOICES[key]:
            raise InvalidInput(_("参数%s不正确") % key, fields={"parameters": [
                _("可用参数：%s") % "、".join(f"{k}（{'/'.join(v)}）"
                                         for k, v in PARAMETER_CHOICES.items())]})
    return {"kind": kind, "format": format, "program": program, "batch": batch,
            "period_start": period_start, "period_end": period_end, "as_of": as_of,
            "parameters": parameters}


def request_report(user, language=None, deferred=False, **data):
    """Record the request and hand it to the workers. With the queue unreachable the request
    stays recorded, queued, and the answer is 503: the sweeper (requeue_stalled_reports)
    hands it over once the queue is back. `deferred`: the caller holds a transaction (the
    admin), so hand over once it commits, or a worker could look before the row exists."""
    fields = check_request(user, **data)
    fields["parameters"]["language"] = language or translation.get_language() or "zh-hans"
    with transaction.atomic():
        report = Report.objects.create(requested_by=user, **fields)
    if deferred:
        transaction.on_commit(lambda: enqueue(report.pk, quiet=True), robust=True)
    else:
        enqueue(report.pk)
    report.refresh_from_db()
    return report


def enqueue(report_id, quiet=False):
    """Send a report to the workers; with the broker down, fail within seconds (503)."""
    try:
        send("reports.build_report", report_id)
    except BROKER_ERRORS as exc:
        logger.warning("report %s not enqueued: %s", report_id, exc)
        if quiet:
            return False
        raise Unavailable(_("报表服务暂时不可用：申请已保存（编号%d），服务恢复后将自动生成，"
                            "请稍后在报表列表查看") % report_id, code="queue_unavailable") from None
    return True
