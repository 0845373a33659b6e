"""A batch's life as explicit steps, each with its predicate beside it: 开放征集 (planning →
open), 截止推荐并开始对接 (open → matching) and 重新开放推荐 (matching → open, with a
reason). Running the matching changes nothing but proposals (placements.services.
run_matching); only these steps move a batch, and each leaves a BatchEvent: who, when, why.
Opening (either way) tells the program's units (core.signals.step_taken)."""
from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import InvalidInput, NotAllowed, RuleBroken, predicate
from core.signals import step_taken

from .choices import BatchStatus
from .models import Batch, BatchEvent
from .permissions import is_department_staff


def _require(user, batch, status, what):
    if not is_department_staff(user, batch.program):
        raise NotAllowed(_("只有项目所属组织部的工作人员可以%s") % what)
    if batch.status != status:
        raise RuleBroken(_("批次当前为“%(now)s”，不能%(what)s") % {
            "now": batch.get_status_display(), "what": what}, code="illegal_transition")


# The moves that are steps: a plain edit of a batch (the API's PATCH, the admin) never takes
# them, so the batch's history never misses one.
STEP_MOVES = {(BatchStatus.PLANNING, BatchStatus.OPEN), (BatchStatus.OPEN, BatchStatus.MATCHING),
              (BatchStatus.MATCHING, BatchStatus.OPEN)}


def status_edit_error(before, after):
    """Why an edit may not move a batch from `before` to `after` (None when it may)."""
    if (before, after) in STEP_MOVES:
        return _("开放推荐、截止推荐或重新开放推荐请使用批次页面上的相应操作（会记录原因与操作人）")
    return None


def check_open_nominations(user, batch):
    _require(user, batch, BatchStatus.PLANNING, _("开放征集需求与推荐"))


can_open_nominations = predicate(check_open_nominations)


def check_close_nominations(user, batch):
    _require(user, batch, BatchStatus.OPEN, _("截止推荐并开始对接"))


can_close_nominations = predicate(check_close_nominations)


def check_reopen_nominations(user, batch):
    _require(user, batch, BatchStatus.MATCHING, _("重新开放推荐"))


can_reopen_nominations = predicate(check_reopen_nominations)


def open_nominations(batch, actor, note=""):
    """Start taking orders and nominations: the program's units are told."""
    return _move(batch, actor, check_open_nominations, BatchStatus.OPEN, note)


def announce(batch, actor):
    """A batch created already open is opened as the step would: its units are told."""
    if batch.status == BatchStatus.OPEN:
        step_taken.send(sender=Batch, step="batch_opened", obj=batch, actor=actor)


def close_nominations(batch, actor, note=""):
    """Stop taking orders and nominations; the department matches what it has."""
    return _move(batch, actor, check_close_nominations, BatchStatus.MATCHING, note)


def reopen_nominations(batch, actor, reason):
    """Take orders and nominations again (a unit's late need, too few nominees): only with a
    reason, which the batch's history keeps."""
    reason = (reason or "").strip()
    if not reason:
        message = _("请说明重新开放推荐的原因")
        raise InvalidInput(message, fields={"reason": [message]})
    return _move(batch, actor, check_reopen_nominations, BatchStatus.OPEN, reason)


def _move(batch, actor, check, to_status, note):
    with transaction.atomic():
        batch = Batch.objects.select_for_update().select_related("program").get(pk=batch.pk)
        check(actor, batch)
        BatchEvent.objects.create(batch=batch, from_status=batch.status, to_status=to_status,
                                  actor=actor, note=note)
        batch.status = to_status
        batch.save(update_fields=["status"])
        if to_status == BatchStatus.OPEN:
            step_taken.send(sender=Batch, step="batch_opened", obj=batch, actor=actor,
                            note=note)
    return batch
